package org.reluspec.jobs.params;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.reluspec.jobs.params.ParamType.BOOL;
import static org.reluspec.jobs.params.ParamType.CHOICE;
import static org.reluspec.jobs.params.ParamType.DOUBLE;
import static org.reluspec.jobs.params.ParamType.INT;
import static org.reluspec.jobs.params.ParamType.INT_LIST;
import static org.reluspec.jobs.params.ParamType.LR_SCHEDULE;

/**
 * Every parameter of a run, defined once. Names and defaults are the reference code's
 * (facebookresearch/luckmatters student_specialization/conf/config.yaml for the two-layer
 * experiment, student_specialization/conf/config_multilayer.yaml and the paper for the
 * multi-layer one). The sweep file, the command line, validation messages, the
 * Parquet schema and the README table all derive from this list.
 */
public final class Params {
    private static final Map<String, Param> BY_NAME = new LinkedHashMap<>();

    private static final String TL = "tl";
    private static final String ML = "ml";
    private static final String BOTH = "both";

    static {
        // Common to both experiments.
        def(BOTH, "experiment", CHOICE, "two_layer", "multi_layer", any(), "",
                List.of("two_layer", "multi_layer"), "which experiment of the reference to run");
        def(BOTH, "engine", CHOICE, "native", "native", any(), "", List.of("native", "dl4j", "dl4j-spark"),
                "the training engine: native (pure Java, allocation-free), dl4j (Deeplearning4j; "
                        + "needs the reluspec-dl4j module on the classpath) or dl4j-spark (one run trained "
                        + "data-parallel on the whole cluster by Deeplearning4j's parameter averaging; two_layer: "
                        + "with use_sgd=true)");
        def(BOTH, "precision", CHOICE, "double", "double", any(), "", List.of("double", "float"),
                "arithmetic of training; read-outs are always computed in double");
        def(BOTH, "seed", INT, 1, 1, atLeastInt(0), "an integer >= 0",
                "derives the independent random streams of teacher, data, student and batches");

        // Two-layer experiment (and shared names, with per-experiment defaults).
        def(TL, "d", INT, 30, null, positiveInt(), "an integer >= 1", "input dimension");
        def(TL, "m", INT, 10, null, positiveInt(), "an integer >= 1", "teacher hidden nodes");
        def(TL, "multi", INT, 10, null, positiveInt(), "an integer >= 1",
                "over-realization: the student has m * multi hidden nodes");
        def(TL, "c", INT, 50, null, positiveInt(), "an integer >= 1", "output dimension");
        def(TL, "N_train", INT, 10000, null, positiveInt(), "an integer >= 1",
                "training set size (with theory_suggest_train: rounded up to a multiple of 3m)");
        def(BOTH, "N_eval", INT, 10000, 10240, positiveInt(), "an integer >= 1",
                "evaluation set size");
        def(BOTH, "num_epoch", INT, 100, 100, positiveInt(), "an integer >= 1", "epochs");
        def(TL, "num_iter_per_epoch", INT, 100, null, positiveInt(), "an integer >= 1",
                "SGD (or GD) steps per epoch");
        def(BOTH, "batchsize", INT, 8, 64, positiveInt(), "an integer >= 1",
                "mini-batch size (two-layer: drawn with replacement; engine=dl4j-spark: per worker)");
        def(BOTH, "lr", LR_SCHEDULE, "0.01", "{0:0.2,20:0.1}", any(), "",
                "learning rate, or an epoch-indexed schedule {epoch:rate,...}");
        def(TL, "lr_reduction", INT, 0, null, atLeastInt(0), "an integer >= 0",
                "halve the learning rate every this many epochs (0: never)");
        def(TL, "use_sgd", BOOL, false, null, any(), "",
                "mini-batch SGD; false: full-batch gradient descent");
        def(BOTH, "data_std", DOUBLE, 1.5, 10.0, positive(), "a number > 0",
                "input standard deviation (uniform inputs: width of the interval)");
        def(TL, "bias", DOUBLE, -0.1, null, any(), "", "teacher biases (hidden and output)");
        def(BOTH, "no_bias", BOOL, false, false, any(), "", "networks without biases");
        def(BOTH, "teacher_strength_decay", DOUBLE, 1.0, 0.0, nonNegative(), "a number >= 0",
                "p: fan-out weights of teacher node i are divided by (i+1)^p");
        def(TL, "teacher_scale", DOUBLE, 0.1, null, positive(), "a number > 0",
                "kept for the reference's command lines: its draw is overwritten there too");
        def(TL, "student_scale", DOUBLE, 0.005, null, nonNegative(), "a number >= 0",
                "standard deviation of the student's initial weights");
        def(BOTH, "normalize", BOOL, false, false, any(), "",
                "re-normalize student hidden weights after every step");
        def(TL, "feature_fixed", BOOL, false, null, any(), "", "freeze the student's hidden layer");
        def(TL, "top_layer_fixed", BOOL, false, null, any(), "", "freeze the student's output layer");
        def(TL, "nonlinear", BOOL, true, null, any(), "", "ReLU; false: linear networks");
        def(TL, "regen_dataset", BOOL, false, null, any(), "",
                "draw a new Gaussian training set after every epoch");
        def(TL, "theory_suggest_train", BOOL, false, null, any(), "",
                "use the theory-suggested augmented training set");
        def(TL, "theory_suggest_mean", DOUBLE, 1.0, null, any(), "",
                "augmentation shift alpha ~ U[mean, mean + sigma]");
        // Extended to multi_layer later: there it stays out of the run_id at its default.
        define(BOTH, "stop_grad_norm", DOUBLE, 0.0, 0.0, nonNegative(), "a number >= 0", List.of(),
                "stop once the largest per-sample gradient norm of the lowest layer (checked after each "
                        + "epoch) is at most this; 0: never", false, Experiment.MULTI_LAYER);
        def(TL, "theory_suggest_sigma", DOUBLE, 1.0, null, nonNegative(), "a number >= 0",
                "augmentation shift alpha ~ U[mean, mean + sigma]");

        // Multi-layer experiment.
        def(ML, "ks", INT_LIST, null, List.of(50, 75, 100, 125),
                v -> ((List<?>) v).stream().allMatch(k -> (Integer) k >= 1),
                "a non-empty list of integers >= 1",
                "teacher width of each hidden layer; its length is the depth");
        def(ML, "node_multi", INT, null, 10, positiveInt(), "an integer >= 1",
                "over-realization: student widths are ks * node_multi");
        def(ML, "data_d", INT, null, 20, positiveInt(), "an integer >= 1", "input dimension");
        def(ML, "dataset", CHOICE, null, "gaussian", any(), "", List.of("gaussian", "uniform"),
                "input distribution: N(0, data_std^2) or U[-data_std/2, data_std/2]");
        def(ML, "d_output", INT, null, 100, positiveInt(), "an integer >= 1", "output dimension");
        def(ML, "random_dataset_size", INT, null, 2000000, positiveInt(), "an integer >= 1",
                "training set size (shuffled epochs)");
        def(ML, "regen_dataset_each_epoch", BOOL, null, false, any(), "",
                "draw a new training set after every epoch");
        def(ML, "teacher_bias_tune", BOOL, null, true, any(), "",
                "shift teacher biases to the median pre-activation; standardize teacher outputs");
        // The reference's config says 0.1, but its trial loop calls reset_parameters() after
        // scaling, so every reference run starts unscaled: the default is what the code does.
        def(ML, "student_scale_down", DOUBLE, null, 1.0, positive(), "a number > 0",
                "scales the student's default initialization; 1 (unscaled) is what the reference's "
                        + "code effectively runs (its trial loop resets the student after scaling by "
                        + "its config's 0.1); 0.1 reproduces runs made before this default changed");
        def(ML, "leaky_relu", DOUBLE, null, 0.0, v -> (Double) v >= 0 && (Double) v < 1,
                "a number in [0, 1)", "Leaky ReLU negative slope (0: ReLU)");
        def(ML, "bn", BOOL, null, false, any(), "", "student batch normalization");
        def(ML, "bn_affine", BOOL, null, false, any(), "", "student BN with scale and shift");
        def(ML, "bn_before_relu", BOOL, null, false, any(), "",
                "batch normalization before the nonlinearity (teacher and student)");
        def(ML, "teacher_bn", BOOL, null, false, any(), "", "teacher batch normalization");
        def(ML, "teacher_bn_affine", BOOL, null, false, any(), "",
                "teacher BN with scale and shift");
        def(ML, "optim_method", CHOICE, null, "sgd", any(), "", List.of("sgd", "adam"), "optimizer");
        def(ML, "momentum", DOUBLE, null, 0.0, v -> (Double) v >= 0 && (Double) v < 1,
                "a number in [0, 1)", "SGD momentum");
        def(ML, "weight_decay", DOUBLE, null, 0.0, nonNegative(), "a number >= 0",
                "L2 weight decay");

        // Parameters added after the first results were written are defined with defLater, each
        // with the default that reproduces the older behaviour: at that default they stay out of
        // the run_id, so an upgraded bin/sweep still resumes and extends older results folders.
        defLater(BOTH, "readout_every", INT, 1, 1, positiveInt(), "an integer >= 1", List.of(),
                "read out before training, after every epoch that is a multiple of this, and after the "
                        + "last (1: every epoch)");
        defLater(BOTH, "readout_train", BOOL, true, true, any(), "", List.of(),
                "read out training-set quantities (train loss and correlations, gradient norms); "
                        + "false: evaluation set only, those columns null (the paper's figures need only these; "
                        + "multi_layer: a read-out then costs about a quarter as much)");
        defLater(ML, "leaky_relu_student", BOOL, null, true, any(), "", List.of(),
                "the student uses leaky_relu too; false: only the teacher does and the student stays "
                        + "ReLU, as the reference's code builds it");
        defLater(TL, "finish", CHOICE, "none", null, any(), "",
                List.of("none", "levenberg_marquardt", "gauss_newton_cg", "auto"),
                "finishing phase after the epochs (double precision): Levenberg-Marquardt with a dense "
                        + "J^T J, matrix-free Gauss-Newton with conjugate gradients, or auto (dense up to "
                        + "400 trained weights); it stops at stop_grad_norm; none: no finish");
        defLater(TL, "finish_iterations", INT, 100, null, positiveInt(), "an integer >= 1", List.of(),
                "iteration budget of the finishing phase (one Gauss-Newton step each)");
        defLater(TL, "finish_cg_iterations", INT, 200, null, positiveInt(), "an integer >= 1", List.of(),
                "gauss_newton_cg: conjugate-gradient iterations per Gauss-Newton step at most");
        defLater(TL, "finish_from_start", BOOL, false, null, any(), "", List.of(),
                "run the finishing phase from the initial student, without the SGD/GD epochs");
        defLater(BOTH, "spark_workers", INT, 1, 1, positiveInt(), "an integer >= 1", List.of(),
                "engine=dl4j-spark: workers that train one run in parallel, each on its own batches "
                        + "(one Spark task each per averaging round)");
        defLater(BOTH, "averaging_frequency", INT, 1, 1, positiveInt(), "an integer >= 1", List.of(),
                "engine=dl4j-spark: steps each worker takes between two averagings of the parameters "
                        + "(1 worker, 1: the steps of engine=dl4j)");
    }

    private Params() {
    }

    private static void def(String scope, String name, ParamType type, Object tl, Object ml,
                            Predicate<Object> allowed, String allowedText, String doc) {
        def(scope, name, type, tl, ml, allowed, allowedText, List.of(), doc);
    }

    private static void def(String scope, String name, ParamType type, Object tl, Object ml,
                            Predicate<Object> allowed, String allowedText, List<String> choices,
                            String doc) {
        define(scope, name, type, tl, ml, allowed, allowedText, choices, doc, false, null);
    }

    /** A parameter added after results were first written; {@link Param#addedLater}. */
    private static void defLater(String scope, String name, ParamType type, Object tl, Object ml,
                                 Predicate<Object> allowed, String allowedText, List<String> choices,
                                 String doc) {
        define(scope, name, type, tl, ml, allowed, allowedText, choices, doc, true, null);
    }

    private static void define(String scope, String name, ParamType type, Object tl, Object ml,
                               Predicate<Object> allowed, String allowedText, List<String> choices,
                               String doc, boolean addedLater, Experiment extendedTo) {
        Object tlDefault = scope.equals(ML) ? null : tl;
        Object mlDefault = scope.equals(TL) ? null : ml;
        Param p = new Param(name, type, tlDefault, mlDefault, allowed, allowedText, choices, doc,
                addedLater, extendedTo);
        if (BY_NAME.put(name, p) != null) {
            throw new IllegalStateException("parameter defined twice: " + name);
        }
    }

    private static Predicate<Object> any() {
        return v -> true;
    }

    private static Predicate<Object> positiveInt() {
        return atLeastInt(1);
    }

    private static Predicate<Object> atLeastInt(int min) {
        return v -> (Integer) v >= min;
    }

    private static Predicate<Object> positive() {
        return v -> (Double) v > 0;
    }

    private static Predicate<Object> nonNegative() {
        return v -> (Double) v >= 0;
    }

    public static List<Param> all() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values()));
    }

    public static Param get(String name) {
        Param p = BY_NAME.get(name);
        if (p == null) {
            throw unknown(name);
        }
        return p;
    }

    public static boolean exists(String name) {
        return BY_NAME.containsKey(name);
    }

    /** An error for an unknown key that suggests the nearest valid name. */
    public static SpecException unknown(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : BY_NAME.keySet()) {
            int dist = editDistance(name.toLowerCase(), candidate.toLowerCase());
            if (dist < bestDistance) {
                bestDistance = dist;
                best = candidate;
            }
        }
        String hint = best != null && bestDistance <= Math.max(2, name.length() / 3)
                ? " (did you mean '" + best + "'?)" : "";
        return new SpecException("unknown parameter '" + name + "'" + hint
                + "; see the parameter table in the README");
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
