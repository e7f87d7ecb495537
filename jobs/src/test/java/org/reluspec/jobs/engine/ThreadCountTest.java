package org.reluspec.jobs.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;

/**
 * The thread count is an execution setting: 1, 2 and 3 threads give bit-identical results (every
 * read-out of every epoch and the final per-layer results), two-layer and multi-layer, double and
 * float. The shapes are large enough that products are split between the threads.
 */
class ThreadCountTest {

    private static RunSpec spec(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return RunSpec.resolve(m);
    }

    @Test
    void multiLayerReadoutsDoNotDependOnTheThreadCount() {
        for (RunSpec s : List.of(
                spec("experiment", "multi_layer", "ks", "[12,40]", "node_multi", 6, "data_d", 20, "d_output", 10,
                        "random_dataset_size", 1280, "N_eval", 1100, "num_epoch", 2, "lr", "0.05"),
                spec("experiment", "multi_layer", "ks", "[12,40]", "node_multi", 6, "data_d", 20, "d_output", 10,
                        "random_dataset_size", 1280, "N_eval", 1100, "num_epoch", 2, "lr", "0.05",
                        "precision", "float", "bn", true, "bn_affine", true))) {
            assertSameForEveryThreadCount(s);
        }
    }

    @Test
    void twoLayerReadoutsDoNotDependOnTheThreadCount() {
        for (String precision : new String[] {"double", "float"}) {
            assertSameForEveryThreadCount(spec("d", 20, "m", 10, "multi", 6, "c", 12, "N_train", 1500,
                    "N_eval", 1200, "num_epoch", 2, "num_iter_per_epoch", 50, "use_sgd", true, "batchsize", 128,
                    "precision", precision));
        }
    }

    private static void assertSameForEveryThreadCount(RunSpec s) {
        String one = fingerprint(Runner.run(s, EpochListener.NONE, 1));
        assertTrue(one.length() > 1000, "a fingerprint of the whole result");
        for (int threads : new int[] {2, 3}) {
            assertEquals(one, fingerprint(Runner.run(s, EpochListener.NONE, threads)), threads + " threads");
        }
    }

    /** Every component of the result, recursively, doubles printed exactly; the wall time left out. */
    static String fingerprint(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Record r) {
            StringBuilder b = new StringBuilder(r.getClass().getSimpleName()).append('(');
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                if (c.getName().equals("wallSeconds")) {
                    continue;
                }
                try {
                    b.append(c.getName()).append('=').append(fingerprint(c.getAccessor().invoke(r))).append(' ');
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return b.append(')').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (Object x : l) {
                b.append(fingerprint(x)).append(';');
            }
            return b.append(']').toString();
        }
        if (o instanceof double[] d) {
            return Arrays.toString(d);
        }
        if (o instanceof int[] i) {
            return Arrays.toString(i);
        }
        if (o instanceof Object[] a) {
            StringBuilder b = new StringBuilder("[");
            for (Object x : a) {
                b.append(fingerprint(x)).append(';');
            }
            return b.append(']').toString();
        }
        return String.valueOf(o);
    }
}
