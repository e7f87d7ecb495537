package org.reluspec.driver.plan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.params.RunSpec;

/**
 * Accuracy of the plan's multi-layer estimate (not a speed test): the model's core-seconds of a
 * small multi-layer run against the CPU time that run takes here, measured on this thread (CPU
 * time, so that other processes on the machine do not count). Tolerance: a factor of 1.5 either
 * way, the bound.
 */
class MultiLayerCostModelTest {
    private static final double TOLERANCE = 1.5;

    private static RunSpec spec(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", "multi_layer");
        m.put("ks", "[50,75,100,125]");
        m.put("batchsize", 64);
        m.put("N_eval", 2048);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return RunSpec.resolve(m);
    }

    @Test
    void theModelsCoreTimeOfAMultiLayerRunIsWithinTheToleranceOfItsMeasuredCpuTime() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // A warm-up run first: the estimate is for compiled code, as in a sweep's long runs.
        // Both precisions: until the JIT has compiled a kernel, its vector code runs many times slower.
        Runner.run(spec("node_multi", 2, "random_dataset_size", 6400, "num_epoch", 1));
        Runner.run(spec("node_multi", 2, "random_dataset_size", 6400, "num_epoch", 1, "precision", "float"));
        for (RunSpec s : new RunSpec[] {
            spec("node_multi", 2, "random_dataset_size", 25600, "num_epoch", 2),
            spec("node_multi", 5, "random_dataset_size", 12800, "num_epoch", 2, "precision", "float")}) {
            long t0 = mx.getCurrentThreadCpuTime();
            Runner.run(s);
            double measured = (mx.getCurrentThreadCpuTime() - t0) * 1e-9;
            double estimated = CostModel.multiLayerCoreSeconds(s);
            double ratio = estimated / measured;
            System.out.printf(Locale.ROOT, "figure: multi-layer plan accuracy node_multi=%d %s: estimated %.2f s,"
                    + " measured %.2f s CPU, ratio %.2f (tolerance %.1f)%n", s.i("node_multi"), s.s("precision"),
                    estimated, measured, ratio, TOLERANCE);
            assertTrue(ratio <= TOLERANCE && ratio >= 1 / TOLERANCE, "estimate " + estimated + " s against "
                    + measured + " s measured");
        }
    }
}
