package org.reluspec.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reluspec.jobs.multilayer.LayerWeights;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.RunResult;

/** Relative agreement of two engines' numbers, and specs for the cross-checks. */
final class Agreement {
    static final double TOLERANCE = 1e-9;

    private Agreement() {
    }

    /** {@code base} pairs, then {@code more} pairs (later keys win). */
    static RunSpec spec(Object[] base, Object... more) {
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return spec(all);
    }

    static RunSpec spec(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return RunSpec.resolve(m);
    }

    /** max |a - b| / max |a|: the error relative to the tensor's scale. */
    static double relative(double[] a, double[] b) {
        if (a == null || b == null) {
            assertTrue(a == null && b == null, "one engine has a tensor the other lacks");
            return 0;
        }
        assertTrue(a.length == b.length, "shapes differ: " + a.length + " vs " + b.length);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(a), Double.MIN_NORMAL);
    }

    static void assertClose(String what, double[] expected, double[] actual) {
        double r = relative(expected, actual);
        assertTrue(r <= TOLERANCE, what + ": relative difference " + r + " > " + TOLERANCE);
    }

    static void assertClose(String what, double expected, double actual) {
        double r = relative(expected, actual);
        assertTrue(r <= TOLERANCE, what + ": " + expected + " vs " + actual + ", relative difference " + r);
    }

    /** The training moved the weights far more than the tolerance: agreement is not vacuous. */
    static void assertMoved(String what, double[] before, double[] after) {
        double r = relative(before, after);
        assertTrue(r > 1e3 * TOLERANCE, what + " barely moved (" + r + "): the check would prove nothing");
    }

    /** Every read-out of every epoch: losses, gradient norms, per-layer mean best correlations. */
    /** Every layer's weights, bias, BN affine and running statistics, to 1e-9 relative. */
    static void assertSameLayers(List<LayerWeights> a, List<LayerWeights> b) {
        for (int l = 0; l < a.size(); l++) {
            assertClose("layer " + l + " weight", a.get(l).weight(), b.get(l).weight());
            assertClose("layer " + l + " bias", a.get(l).bias(), b.get(l).bias());
            assertClose("layer " + l + " BN gamma", a.get(l).gamma(), b.get(l).gamma());
            assertClose("layer " + l + " BN beta", a.get(l).beta(), b.get(l).beta());
            assertClose("layer " + l + " BN running mean", a.get(l).runningMean(), b.get(l).runningMean());
            assertClose("layer " + l + " BN running var", a.get(l).runningVar(), b.get(l).runningVar());
        }
    }

    static void assertSameReadouts(RunResult expected, RunResult actual) {
        List<EpochReadout> a = expected.epochs();
        List<EpochReadout> b = actual.epochs();
        assertTrue(a.size() == b.size(), "epochs: " + a.size() + " vs " + b.size());
        assertTrue(expected.status() == actual.status(), "status: " + expected.status() + " vs " + actual.status());
        assertTrue(expected.steps() == actual.steps(), "steps: " + expected.steps() + " vs " + actual.steps());
        for (int e = 0; e < a.size(); e++) {
            String at = "epoch " + a.get(e).epoch() + ": ";
            assertClose(at + "lr", a.get(e).lr(), b.get(e).lr());
            assertClose(at + "train loss", a.get(e).trainLoss(), b.get(e).trainLoss());
            assertClose(at + "eval loss", a.get(e).evalLoss(), b.get(e).evalLoss());
            assertClose(at + "gradient norms", a.get(e).gradNorms(), b.get(e).gradNorms());
            assertClose(at + "max sample gradient norm", a.get(e).maxSampleGradNorm(), b.get(e).maxSampleGradNorm());
        }
        assertTrue(a.get(a.size() - 1).evalLoss() < a.get(0).evalLoss() * 0.999,
                "training did not lower the evaluation loss: the comparison would prove little");
    }
}
