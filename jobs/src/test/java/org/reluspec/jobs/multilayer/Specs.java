package org.reluspec.jobs.multilayer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reluspec.jobs.params.RunSpec;

/** Small multi-layer specs for tests: defaults of the catalog, overridden by key-value pairs. */
final class Specs {
    private Specs() {
    }

    static RunSpec of(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", "multi_layer");
        m.put("ks", "[5,5]");
        m.put("data_d", 10);
        m.put("node_multi", 4);
        m.put("d_output", 5);
        m.put("random_dataset_size", 2000);
        m.put("N_eval", 1000);
        m.put("num_epoch", 5);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return RunSpec.resolve(m);
    }
}
