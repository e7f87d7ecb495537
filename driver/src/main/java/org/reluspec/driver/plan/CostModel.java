package org.reluspec.driver.plan;

import java.util.List;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.twolayer.FinishSettings;

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
        double finish = finishFlops(s, d, n, c, nTrain, p);
        double readouts = (s.s("finish").equals("none") ? epochs + 1 : epochs + 2) * perReadout;
        if (s.b("finish_from_start")) {
            training = 0;
            readouts = 2 * perReadout;
        }
        return training + readouts + finish + 2 * (nTrain + nEval) * teacher;
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
    static double finishFlops(RunSpec s, double d, double n, double c, double nTrain, double p) {
        FinishSettings finish = FinishSettings.of(s);
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

    /** Estimated core-seconds of {@code flops} at {@code rate} FLOP/s. */
    public static double seconds(double flops, double rate) {
        return flops / rate;
    }
}
