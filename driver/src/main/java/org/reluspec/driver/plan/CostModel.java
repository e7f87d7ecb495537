package org.reluspec.driver.plan;

import java.util.List;
import org.reluspec.jobs.params.Averaging;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.ReadoutSchedule;
import org.reluspec.jobs.multilayer.MultiLayerSettings;
import org.reluspec.jobs.twolayer.FinishSettings;
import org.reluspec.jobs.twolayer.TwoLayerSettings;

/**
 * Floating-point operations of one run, from its widths, batch, steps and data sizes (multiply
 * and add counted separately), and the core-time they take on the native engine.
 *
 * <p>Two-layer, with P = (d+1)n + (n+1)c student weights (n = m * multi): training
 * 6 * batch * P per step (forward 2, backward 4); read-outs ({@code readout_every}) on the
 * evaluation set, forward and correlations, and ({@code readout_train}) on the training set the
 * same plus the backward pass; in FLOP-equivalents (see TWO_LAYER_PRODUCT_WEIGHT).
 * Multi-layer: the same shape over the layer widths, one epoch = random_dataset_size samples.
 */
public final class CostModel {
    /**
     * Sustained rate of the native engine on one core, in FLOP/s, measured on this project's
     * 2-core development machine on the quickstart and paper-sized two-layer runs (see
     * docs/SCHEMA.md, "cost model"). Override with -Dreluspec.flopRate=... or plan --calibrate.
     */
    public static final double DEFAULT_FLOP_RATE = 15.0e9;

    private CostModel() {
    }

    public static double flopRate() {
        String p = System.getProperty("reluspec.flopRate");
        return p == null ? DEFAULT_FLOP_RATE : Double.parseDouble(p);
    }

    public static double flops(RunSpec s) {
        return s.experiment() == Experiment.TWO_LAYER
                ? twoLayer(TwoLayerSettings.of(s)) : multiLayer(MultiLayerSettings.of(s));
    }

    static double twoLayer(TwoLayerSettings s) {
        TwoLayerSettings.Widths w = s.widths();
        double d = w.inputs();
        double m = w.teacherNodes();
        double n = w.studentNodes();
        double c = w.outputs();
        double nTrain = s.data().trainSize();
        double nEval = s.data().evalSize();
        double steps = (double) s.schedule().epochs() * s.stepsPerEpoch();
        double batch = s.miniBatches() ? s.schedule().batchSize() : nTrain;
        double p = (d + 1) * n + (n + 1) * c;
        double teacher = (d + 1) * m + (m + 1) * c;
        double stepOverhead = TWO_LAYER_STEP_FIXED + TWO_LAYER_STEP_PER_WIDTH * (d + c);
        double training = steps * (TWO_LAYER_PRODUCT_WEIGHT * 6 * batch * p + stepOverhead);
        double setup = (nTrain + nEval) * (d * TWO_LAYER_DRAW + 2 * teacher);
        double readouts = twoLayerReadouts(s);
        if (s.finish().fromStart()) {
            training = 0;
            readouts = 2 * twoLayerReadout(s);
        } else if (s.finish().enabled()) {
            readouts += twoLayerReadout(s); // the finish's own read-out, after the epochs
        }
        return training + readouts + finishFlops(s.finish(), d, n, c, nTrain, p) + setup;
    }

    /**
     * Weight of a nominal product FLOP of two-layer training and read-outs. Two-layer runs are
     * costed in FLOP-equivalents at DEFAULT_FLOP_RATE: their products run faster than that rate,
     * and their small batches carry a fixed cost per step, per read-out sample and per input drawn.
     * The constants are fitted to the CPU time of the 12-run slice of conf/two-layer.yaml
     * (ReadoutSliceBenchmark, every read-out and the figures' read-outs; d + c = 150): products at
     * about 41 GFLOP/s, 12 us per step, 0.29 us per sample and pass of a read-out, 75 ns per input
     * number; the step's fixed cost grows with d + c (row gathers, edge tiles), from 5.2 us at
     * d + c = 30 (bin/sweep bench's small configuration, 5.9 us per step) to 12 us at 150. Since
     * the products' edge columns are computed in one vector tile (DKernels.gemm) the slice measures
     * 0.6 us less per step: 4.6 us at d + c = 30, 11.4 us at 150.
     */
    static final double TWO_LAYER_PRODUCT_WEIGHT = 15.0 / 41.5;
    /** Fixed cost of one two-layer SGD step (batch gather, calls, update), and its growth with d + c. */
    static final double TWO_LAYER_STEP_FIXED = 2.9e-6 * DEFAULT_FLOP_RATE;
    static final double TWO_LAYER_STEP_PER_WIDTH = 0.057e-6 * DEFAULT_FLOP_RATE;
    /** Fixed cost of one sample in one pass of a read-out (chunking, per-row sums). */
    static final double TWO_LAYER_READOUT_SAMPLE = 0.29e-6 * DEFAULT_FLOP_RATE;
    /** One Gaussian input number (Box-Muller in StrictMath). */
    static final double TWO_LAYER_DRAW = 75e-9 * DEFAULT_FLOP_RATE;

    /**
     * The two-layer read-outs: how many ({@code readout_every}) times the cost of one: on the
     * evaluation set the forward pass and the correlations; with {@code readout_train} the same on
     * the training set plus its backward pass.
     */
    static double twoLayerReadouts(TwoLayerSettings s) {
        return ReadoutSchedule.count(s.schedule().epochs(), s.readouts().every()) * twoLayerReadout(s);
    }

    /** One two-layer read-out. */
    static double twoLayerReadout(TwoLayerSettings s) {
        TwoLayerSettings.Widths w = s.widths();
        double m = w.teacherNodes();
        double n = w.studentNodes();
        double p = (w.inputs() + 1.0) * n + (n + 1) * w.outputs();
        double nTrain = s.data().trainSize();
        double nEval = s.data().evalSize();
        double products = 2 * nEval * p + 2 * nEval * m * n;
        double samplePasses = nEval;
        if (s.readouts().trainingSide()) {
            products += 2 * nTrain * p + 2 * nTrain * m * n + 6 * nTrain * p;
            samplePasses += 2 * nTrain;
        }
        return TWO_LAYER_PRODUCT_WEIGHT * products + TWO_LAYER_READOUT_SAMPLE * samplePasses;
    }

    /**
     * Gauss-Newton steps a finish takes, for the plan: 10 to 30 on the search's cells
     * ({@code bin/sweep bench finish}), rejected trials included; the budget is an upper bound.
     */
    static final double FINISH_STEPS = 25;

    /**
     * The finish's loops (scalar sums in a fixed order, for determinism) run at about a quarter
     * of the SGD kernels' rate: d=32 m=4 multi=4 N=768, 33 dense steps modelled at 1.5e10 FLOP,
     * took 6.2 s on the shared 2-core machine. Its FLOP count is scaled by this to give core time.
     */
    static final double FINISH_SLOWDOWN = 4;

    /**
     * The finishing phase per step: dense, J^T J from its blocks (N (n (d+1))^2 multiply-adds
     * plus the hidden-output blocks) and its Cholesky factor (P^3 / 3); matrix-free, up to
     * finish_cg_iterations products J^T J v of 8 N P each; both two loss evaluations (4 N P).
     */
    static double finishFlops(FinishSettings finish, double d, double n, double c, double nTrain, double p) {
        if (!finish.enabled()) {
            return 0;
        }
        double steps = Math.min(FINISH_STEPS, finish.iterations());
        boolean dense = finish.dense((int) p);
        double perStep = dense
                ? nTrain * Math.pow(n * (d + 1), 2) + 2 * nTrain * n * (d + 1) * (n + 1) * c + p * p * p / 3
                : finish.cgIterations() * 8 * nTrain * p;
        return FINISH_SLOWDOWN * steps * (perStep + 8 * nTrain * p);
    }

    /**
     * Weights of the multi-layer student and teacher (biases included), multiply-adds per sample of
     * the correlation read-out, and the student's mean hidden width.
     */
    record MultiLayerShape(double student, double teacher, double corr, double meanWidth) {
        static MultiLayerShape of(MultiLayerSettings.Widths widths) {
            List<Integer> ks = widths.teacherHidden();
            double multi = widths.multi();
            double student = 0;
            double teacher = 0;
            double corr = 0;
            double width = 0;
            double prevS = widths.inputs();
            double prevT = prevS;
            for (int k : ks) {
                student += (prevS + 1) * k * multi;
                teacher += (prevT + 1) * k;
                corr += 2.0 * k * k * multi;
                width += k * multi / ks.size();
                prevS = k * multi;
                prevT = k;
            }
            double out = widths.outputs();
            return new MultiLayerShape(student + (prevS + 1) * out, teacher + (prevT + 1) * out, corr, width);
        }
    }

    static double multiLayer(MultiLayerSettings s) {
        MultiLayerShape shape = MultiLayerShape.of(s.widths());
        double student = shape.student();
        double teacher = shape.teacher();
        double corr = shape.corr();
        double epochs = s.schedule().epochs();
        double samples = s.data().trainSize();
        double nEval = s.data().evalSize();
        double training = epochs * samples * (6 * student + (s.data().redrawEachEpoch() ? 2 * teacher : 0));
        double perReadout = nEval * (2 * student + 2 * teacher + corr);
        return training + ReadoutSchedule.count(s.schedule().epochs(), s.readouts().every()) * perReadout
                + 2 * samples * teacher;
    }

    // ---- Multi-layer time and threads (core-time against wall time per run). ----

    /**
     * Sustained FLOP/s of one core on the multi-layer step at the paper's width (ks [50,75,100,125],
     * node_multi 10, batch 64), GFLOP per CPU second of {@code bin/sweep bench --config multi} on
     * this project's machine; read-outs run in double.
     */
    // 34 / 68: between the loaded machine (about 30 / 60) and a quiet one, where a run's CPU time
    // was 1.5x below the 30 GFLOP/s model.
    public static final double MULTI_LAYER_RATE_DOUBLE = 34.0e9;
    public static final double MULTI_LAYER_RATE_FLOAT = 68.0e9;
    /**
     * Narrow layers run below that rate (per-call overhead, short rows): the rate of a product
     * over k inputs and n outputs is about rate * w / (w + W_HALF) with w the mean hidden width.
     */
    static final double W_HALF = 60;
    /** Speed-up of t threads on one run: t / (1 + THREAD_OVERHEAD (t - 1)); 2 threads = 1.8x. */
    public static final double THREAD_OVERHEAD = 0.11;

    /**
     * Core-seconds of one multi-layer run on the native engine: each step's FLOPs at the rate of
     * its precision and width, the read-outs (forward on the evaluation set and, with readout_train,
     * forward and backward on the training subset, in double) at the double rate.
     */
    public static double multiLayerCoreSeconds(RunSpec spec) {
        MultiLayerSettings s = MultiLayerSettings.of(spec);
        MultiLayerShape widths = MultiLayerShape.of(s.widths());
        double student = widths.student();
        double teacher = widths.teacher();
        double corr = widths.corr();
        double width = widths.meanWidth();
        double shape = width / (width + W_HALF);
        double stepRate = (s.floatPrecision() ? MULTI_LAYER_RATE_FLOAT : MULTI_LAYER_RATE_DOUBLE) * shape;
        double readRate = MULTI_LAYER_RATE_DOUBLE * shape;
        double epochs = s.schedule().epochs();
        double samples = s.data().trainSize();
        double nEval = s.data().evalSize();
        double nSubset = Math.min(samples, nEval);
        double training = epochs * samples * (6 * student + 2 * teacher);
        double perReadout = nEval * (2 * student + corr)
                + (s.readouts().trainingSide() ? nSubset * (6 * student + 2 * teacher + corr) : 0);
        double readouts = ReadoutSchedule.count(s.schedule().epochs(), s.readouts().every());
        return training / stepRate + (readouts * perReadout + 2 * nEval * teacher) / readRate;
    }

    /** Core-seconds of a run: the multi-layer model, or the FLOP count at {@code twoLayerRate}. */
    public static double coreSeconds(RunSpec s, double twoLayerRate) {
        return s.experiment() == Experiment.MULTI_LAYER ? multiLayerCoreSeconds(s) : flops(s) / twoLayerRate;
    }

    /**
     * Wall seconds of one round of parameter averaging (engine=dl4j-spark) beside its steps: two
     * small Spark jobs and a rebuild of each worker's network, measured on the 2-core development
     * machine (README: 170.8 s against 69 s of engine=dl4j's steps for 626 rounds).
     */
    public static final double AVERAGING_ROUND_SECONDS = 0.17;

    /** Rounds of parameter averaging of a run trained on the whole cluster: per epoch, its batches over W x k. */
    public static long averagingRounds(RunSpec s) {
        Averaging a = Averaging.of(s);
        long batchesPerEpoch;
        long epochs;
        if (s.experiment() == Experiment.TWO_LAYER) {
            TwoLayerSettings t = TwoLayerSettings.of(s);
            batchesPerEpoch = t.stepsPerEpoch();
            epochs = t.schedule().epochs();
        } else {
            MultiLayerSettings m = MultiLayerSettings.of(s);
            int batch = m.schedule().batchSize();
            batchesPerEpoch = (m.data().trainSize() + batch - 1) / batch;
            epochs = m.schedule().epochs();
        }
        long perRound = (long) a.workers() * a.frequency();
        return epochs * ((batchesPerEpoch + perRound - 1) / perRound);
    }

    /**
     * Wall seconds of a run trained on the whole cluster, alone on it: its core-seconds shared by
     * its workers (at most {@code slots} at a time) plus its averaging rounds.
     */
    public static double clusterWallSeconds(double coreSeconds, int workers, long rounds, int slots) {
        return coreSeconds / Math.min(workers, Math.max(1, slots)) + rounds * AVERAGING_ROUND_SECONDS;
    }

    /** How many times faster one run goes on {@code threads} threads than on one. */
    public static double threadSpeedup(int threads) {
        return threads / (1 + THREAD_OVERHEAD * (threads - 1));
    }

    /** Wall seconds of a run of {@code coreSeconds} (on one thread) on {@code threads} threads. */
    public static double wallSeconds(double coreSeconds, int threads) {
        return coreSeconds / threadSpeedup(threads);
    }
}
