package org.reluspec.jobs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.Params;
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

    /** A valid value of {@code p} other than its default in experiment {@code e}. */
    public static Object otherValue(Param p, Experiment e) {
        Object d = p.defaultFor(e);
        return switch (p.type()) {
            case INT -> (Integer) d + 1;
            case DOUBLE -> (Double) d * 2 + 0.5;
            case BOOL -> !(Boolean) d;
            case CHOICE -> p.choices().stream().filter(c -> !c.equals(d)).findFirst().orElseThrow();
            case INT_LIST -> ((List<?>) d).stream().map(k -> String.valueOf((Integer) k + 1)).toList().toString();
            case LR_SCHEDULE -> "0.5";
        };
    }

    /** A spec, and the same spec with parameter {@code name} changed. */
    public record Change(String name, RunSpec base, RunSpec changed) {
    }

    /**
     * For every parameter of experiment {@code e} but {@code skipped}: the spec of its
     * {@code companions} (pairs a change needs beside it), made by {@code specOf}, and the same with
     * the parameter at another valid value.
     */
    public static List<Change> eachParameterChanged(Experiment e, Set<String> skipped,
                                                    Map<String, Object[]> companions,
                                                    Function<Object[], RunSpec> specOf) {
        List<Change> changes = new ArrayList<>();
        for (Param p : Params.all()) {
            if (p.appliesTo(e) && !skipped.contains(p.name())) {
                Object[] base = companions.getOrDefault(p.name(), new Object[0]);
                Object[] changed = new Object[base.length + 2];
                System.arraycopy(base, 0, changed, 0, base.length);
                changed[base.length] = p.name();
                changed[base.length + 1] = otherValue(p, e);
                changes.add(new Change(p.name(), specOf.apply(base), specOf.apply(changed)));
            }
        }
        return changes;
    }
}
