package org.reluspec.jobs.params;

import java.util.List;

/**
 * Checks that involve several parameters: combinations that cannot run. The one place they are
 * checked, when a spec is resolved, before an experiment's typed settings can be built (those live
 * in the experiment packages, which import this one): so it reads the groups both experiments
 * share where there are some, and parameters by name otherwise.
 */
final class Constraints {
    /** Entries of one choice-set vector: {-1, -0.75, ..., 1}. */
    private static final int CHOICES = 9;

    private Constraints() {
    }

    static void check(RunSpec s) {
        if (s.experiment() == Experiment.TWO_LAYER) {
            checkTwoLayer(s);
        } else {
            checkMultiLayer(s);
        }
        checkClusterEngine(s);
        ReadoutChoices readouts = ReadoutChoices.of(s);
        if (readouts.stopGradNorm() > 0 && !readouts.trainingSide()) {
            throw new SpecException("stop_grad_norm > 0 needs readout_train=true (the per-sample gradient "
                    + "is a training-set read-out)");
        }
    }

    /** engine=dl4j-spark: two-layer runs take mini-batches (there is a batch per worker); its settings mean nothing elsewhere. */
    private static void checkClusterEngine(RunSpec s) {
        boolean spark = s.s("engine").equals("dl4j-spark");
        if (spark && s.experiment() == Experiment.TWO_LAYER && !s.b("use_sgd")) {
            throw new SpecException("engine=dl4j-spark trains two_layer runs by mini-batch SGD: set use_sgd=true "
                    + "(full-batch gradient descent: use engine=native or dl4j)");
        }
        if (!spark) {
            for (String key : List.of("spark_workers", "averaging_frequency")) {
                if (s.i(key) != 1) {
                    throw new SpecException(key + "=" + s.i(key) + " needs engine=dl4j-spark (engine="
                            + s.s("engine") + " trains a run in one task)");
                }
            }
        }
    }

    private static void checkTwoLayer(RunSpec s) {
        int d = s.i("d");
        int m = s.i("m");
        int c = s.i("c");
        requireDistinctVectors("m", m, d, "d");
        requireDistinctVectors("c", c, m, "m");
        if (s.b("feature_fixed") && s.b("top_layer_fixed")) {
            throw new SpecException("feature_fixed=true with top_layer_fixed=true leaves nothing to train");
        }
        checkFinish(s);
        long n = (long) m * s.i("multi");
        DataSets data = DataSets.of(s);
        requireArray("m * multi * (d + 1)", n * (d + 1));
        requireArray("N_train * (d + 1)", (long) data.trainSize() * (d + 1) + 3L * m * (d + 1));
        requireArray("N_eval * (m * multi + 1)", (long) data.evalSize() * (n + 1));
        requireArray("N_train * (m * multi + 1)", (long) data.trainSize() * (n + 1));
    }

    /** The finishing phase is a double-precision least-squares fit of both layers, unconstrained. */
    private static void checkFinish(RunSpec s) {
        String finish = s.s("finish");
        if (finish.equals("none")) {
            if (s.b("finish_from_start")) {
                throw new SpecException("finish_from_start=true needs a finish (finish=levenberg_marquardt, "
                        + "gauss_newton_cg or auto)");
            }
            return;
        }
        if (s.floatPrecision()) {
            throw new SpecException("finish=" + finish + " needs precision=double (the finish works in double "
                    + "and drives gradients far below float resolution)");
        }
        if (s.b("normalize")) {
            throw new SpecException("finish=" + finish + " with normalize=true: the finish does not keep hidden "
                    + "weights at unit norm");
        }
        if (s.b("feature_fixed")) {
            throw new SpecException("finish=" + finish + " with feature_fixed=true: the finish drives the hidden "
                    + "layer's per-sample gradient, which feature_fixed freezes");
        }
    }

    private static void checkMultiLayer(RunSpec s) {
        List<Integer> ks = s.ints("ks");
        DataSets data = DataSets.of(s);
        int batch = TrainingSchedule.of(s).batchSize();
        int prev = s.i("data_d");
        String prevName = "data_d";
        for (int l = 0; l < ks.size(); l++) {
            // Rows of one layer are distinct vectors of the choice set over its inputs.
            requireDistinctVectors("ks[" + l + "]", ks.get(l), prev, prevName);
            prev = ks.get(l);
            prevName = "ks[" + l + "]";
            requireArray("ks[" + l + "] * node_multi * batch rows",
                    (long) ks.get(l) * s.i("node_multi") * Math.max(data.evalSize(), batch));
        }
        requireDistinctVectors("d_output", s.i("d_output"), prev, prevName);
        requireArray("random_dataset_size * data_d", (long) data.trainSize() * s.i("data_d"));
        if (s.b("bn_affine") && !s.b("bn")) {
            throw new SpecException("bn_affine=true needs bn=true");
        }
        if (s.b("teacher_bn_affine") && !s.b("teacher_bn")) {
            throw new SpecException("teacher_bn_affine=true needs teacher_bn=true");
        }
        if (s.b("bn") && batch < 2) {
            throw new SpecException("batchsize", batch, "at least 2 with bn=true (batch statistics)");
        }
        if (s.b("bn") && data.trainSize() % batch == 1) {
            throw new SpecException("random_dataset_size", data.trainSize(),
                    "a size that does not leave a last batch of one sample with bn=true");
        }
    }

    /** {@code count} distinct non-zero vectors of the 9-value choice set must exist in {@code dim} dimensions. */
    private static void requireDistinctVectors(String key, int count, int dim, String dimKey) {
        double available = Math.pow(CHOICES, dim) - 1;
        if (count > available) {
            throw new SpecException(key, count, "at most " + (long) available + " distinct teacher weight "
                    + "vectors exist in " + dim + " dimensions (" + dimKey + "=" + dim + ")");
        }
    }

    private static void requireArray(String what, long elements) {
        if (elements > Integer.MAX_VALUE - 16) {
            throw new SpecException(what + " = " + elements + " exceeds the largest array a run can hold ("
                    + (Integer.MAX_VALUE - 16) + " elements)");
        }
    }
}
