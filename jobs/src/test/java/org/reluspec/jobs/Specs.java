package org.reluspec.jobs;

import java.util.HashMap;
import java.util.Map;
import org.reluspec.jobs.params.RunSpec;

/** Test helper: a resolved spec from key, value pairs. */
public final class Specs {
    private Specs() {
    }

    /** {@code base} pairs, then {@code more} pairs (later keys win). */
    public static RunSpec of(Object[] base, Object... more) {
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return of(all);
    }

    public static RunSpec of(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return RunSpec.resolve(m);
    }
}
