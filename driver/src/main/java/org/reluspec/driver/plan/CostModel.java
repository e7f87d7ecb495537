package org.reluspec.driver.plan;

import java.util.List;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.RunSpec;

/**
 * Floating-point operations of one run, from its widths, batch, steps and data sizes (multiply
 * and add counted separately), and the core-time they take on the native engine.
 *
 * <p>Two-layer, with P = (d+1)n + (n+1)c student weights (n = m * multi): training
 * 6 * batch * P per step (forward 2, backward 4); read-outs before training and after every
 * epoch: forward on the training and evaluation sets, the teacher-by-student correlations on
 * both, the full-batch gradient and the per-sample gradient norms on the training set.
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
        return s.experiment() == Experiment.TWO_LAYER ? twoLayer(s) : multiLayer(s);
    }

    static double twoLayer(RunSpec s) {
        double d = s.i("d");
        double m = s.i("m");
        double n = m * s.i("multi");
        double c = s.i("c");
        double nTrain = s.i("N_train");
        double nEval = s.i("N_eval");
        double epochs = s.i("num_epoch");
        double steps = epochs * s.i("num_iter_per_epoch");
        double batch = s.b("use_sgd") ? s.i("batchsize") : nTrain;
        double p = (d + 1) * n + (n + 1) * c;
        double teacher = (d + 1) * m + (m + 1) * c;
        double training = steps * 6 * batch * p;
        double perReadout = 2 * (nTrain + nEval) * p + 2 * (nTrain + nEval) * m * n + 6 * nTrain * p;
        return training + (epochs + 1) * perReadout + 2 * (nTrain + nEval) * teacher;
    }

    static double multiLayer(RunSpec s) {
        List<Integer> ks = s.ints("ks");
        double multi = s.i("node_multi");
        double in = s.i("data_d");
        double out = s.i("d_output");
        double student = 0;
        double teacher = 0;
        double corr = 0;
        double prevS = in;
        double prevT = in;
        for (int k : ks) {
            student += (prevS + 1) * k * multi;
            teacher += (prevT + 1) * k;
            corr += 2.0 * k * k * multi;
            prevS = k * multi;
            prevT = k;
        }
        student += (prevS + 1) * out;
        teacher += (prevT + 1) * out;
        double epochs = s.i("num_epoch");
        double samples = s.i("random_dataset_size");
        double nEval = s.i("N_eval");
        double training = epochs * samples * (6 * student + (s.b("regen_dataset_each_epoch") ? 2 * teacher : 0));
        double perReadout = nEval * (2 * student + 2 * teacher + corr);
        return training + (epochs + 1) * perReadout + 2 * samples * teacher;
    }

    // ---- Multi-layer time and threads (core-time against wall time per run). ----

    /**
     * Sustained FLOP/s of one core on the multi-layer step at the paper's width (ks [50,75,100,125],
     * node_multi 10, batch 64), GFLOP per CPU second of {@code bin/sweep bench --config multi} on
     * this project's machine; read-outs run in double.
     */
    public static final double MULTI_LAYER_RATE_DOUBLE = 30.0e9;
    public static final double MULTI_LAYER_RATE_FLOAT = 60.0e9;
    /**
     * Narrow layers run below that rate (per-call overhead, short rows): the rate of a product
     * over k inputs and n outputs is about rate * w / (w + W_HALF) with w the mean hidden width.
     */
    static final double W_HALF = 60;
    /** Speed-up of t threads on one run: t / (1 + THREAD_OVERHEAD (t - 1)); 2 threads = 1.8x. */
    public static final double THREAD_OVERHEAD = 0.11;

    /**
     * Core-seconds of one multi-layer run on the native engine: each step's FLOPs at the rate of
     * its precision and width, the read-outs (forward on the evaluation set, forward and backward on
     * the training subset, in double) at the double rate.
     */
    public static double multiLayerCoreSeconds(RunSpec s) {
        List<Integer> ks = s.ints("ks");
        double multi = s.i("node_multi");
        double in = s.i("data_d");
        double out = s.i("d_output");
        double student = 0;
        double teacher = 0;
        double corr = 0;
        double width = 0;
        double prevS = in;
        double prevT = in;
        for (int k : ks) {
            student += (prevS + 1) * k * multi;
            teacher += (prevT + 1) * k;
            corr += 2.0 * k * k * multi;
            width += k * multi / ks.size();
            prevS = k * multi;
            prevT = k;
        }
        student += (prevS + 1) * out;
        teacher += (prevT + 1) * out;
        double shape = width / (width + W_HALF);
        double stepRate = (s.floatPrecision() ? MULTI_LAYER_RATE_FLOAT : MULTI_LAYER_RATE_DOUBLE) * shape;
        double readRate = MULTI_LAYER_RATE_DOUBLE * shape;
        double epochs = s.i("num_epoch");
        double samples = s.i("random_dataset_size");
        double nEval = s.i("N_eval");
        double nSubset = Math.min(samples, nEval);
        double training = epochs * samples * (6 * student + 2 * teacher);
        double perReadout = nEval * (2 * student + corr) + nSubset * (6 * student + 2 * teacher + corr);
        return training / stepRate + ((epochs + 1) * perReadout + 2 * nEval * teacher) / readRate;
    }

    /** Core-seconds of a run: the multi-layer model, or the FLOP count at {@code twoLayerRate}. */
    public static double coreSeconds(RunSpec s, double twoLayerRate) {
        return s.experiment() == Experiment.MULTI_LAYER ? multiLayerCoreSeconds(s) : flops(s) / twoLayerRate;
    }

    /** How many times faster one run goes on {@code threads} threads than on one. */
    public static double threadSpeedup(int threads) {
        return threads / (1 + THREAD_OVERHEAD * (threads - 1));
    }

    /** Wall seconds of a run of {@code coreSeconds} (on one thread) on {@code threads} threads. */
    public static double wallSeconds(double coreSeconds, int threads) {
        return coreSeconds / threadSpeedup(threads);
    }

    /** Estimated core-seconds of {@code flops} at {@code rate} FLOP/s. */
    public static double seconds(double flops, double rate) {
        return flops / rate;
    }
}
