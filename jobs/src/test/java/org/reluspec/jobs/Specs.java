package org.reluspec.jobs;

import java.util.HashMap;
import java.util.Map;
import org.reluspec.jobs.params.RunSpec;

/** Test helper: a resolved spec from key, value pairs. */
public final class Specs {
    private Specs() {
    }

    public static RunSpec of(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return RunSpec.resolve(m);
    }
}
