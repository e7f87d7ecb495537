package org.reluspec.driver.plan;

import java.util.List;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.ReadoutSchedule;

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
        return training + twoLayerReadouts(s) + 2 * (nTrain + nEval) * teacher;
    }

    /**
     * The two-layer read-outs: how many ({@code readout_every}) times the cost of one: on the
     * evaluation set the forward pass and the correlations; with {@code readout_train} the same on
     * the training set plus its backward pass.
     */
    static double twoLayerReadouts(RunSpec s) {
        double m = s.i("m");
        double n = m * s.i("multi");
        double p = (s.i("d") + 1.0) * n + (n + 1) * s.i("c");
        double nTrain = s.i("N_train");
        double nEval = s.i("N_eval");
        double perReadout = 2 * nEval * p + 2 * nEval * m * n;
        if (s.b("readout_train")) {
            perReadout += 2 * nTrain * p + 2 * nTrain * m * n + 6 * nTrain * p;
        }
        return ReadoutSchedule.count(s.i("num_epoch"), s.i("readout_every")) * perReadout;
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
