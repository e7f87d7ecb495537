package org.reluspec.driver.plan;

import java.util.List;
import java.util.Locale;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.multilayer.MultiLayerSettings;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.twolayer.TwoLayerSettings;

/**
 * Heap one run needs, from its sizes, as the plan knows its FLOPs: the data sets (inputs and
 * teacher outputs of the training and evaluation sets, held in double and in the engine's own
 * layout), the hidden activations of teacher and student over them (read-outs), the weights with
 * their gradients and optimizer state, and a fixed allowance for the engine's buffers. An
 * estimate, meant to be an upper bound within a factor of about two.
 */
public final class MemoryModel {
    /** Buffers, scratch rows and objects of a run beside its arrays. */
    static final double BASE_BYTES = 32e6;
    /** What Spark keeps of an executor's heap for itself (its reserved system memory). */
    public static final long SPARK_RESERVED_BYTES = 300L << 20;

    private MemoryModel() {
    }

    public static double bytes(RunSpec s) {
        return s.experiment() == Experiment.TWO_LAYER
                ? twoLayer(TwoLayerSettings.of(s)) : multiLayer(MultiLayerSettings.of(s));
    }

    static double twoLayer(TwoLayerSettings s) {
        TwoLayerSettings.Widths w = s.widths();
        double rows = (double) s.data().trainSize() + s.data().evalSize();
        double hidden = w.teacherNodes() + w.studentNodes();
        double weights = (w.inputs() + 1.0) * hidden + (hidden + 2) * w.outputs();
        return BASE_BYTES + 8 * (2 * rows * ((double) w.inputs() + w.outputs()) + rows * hidden + 4 * weights);
    }

    static double multiLayer(MultiLayerSettings s) {
        MultiLayerSettings.Widths w = s.widths();
        List<Integer> ks = w.teacherHidden();
        double multi = w.multi();
        double in = w.inputs();
        double out = w.outputs();
        double hidden = 0;
        double weights = 0;
        double prevS = in;
        double prevT = in;
        for (int k : ks) {
            hidden += k * (1 + multi);
            weights += (prevS + 1) * k * multi + (prevT + 1) * k;
            prevS = k * multi;
            prevT = k;
        }
        weights += (prevS + 1) * out + (prevT + 1) * out;
        double rows = (double) s.data().trainSize() + s.data().evalSize();
        return BASE_BYTES + 8 * (2 * rows * (in + out) + rows * hidden + 4 * weights);
    }

    /** "12.3 GB", "850 MB". */
    public static String format(double bytes) {
        return bytes >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", bytes / 1e9)
                : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
