package org.reluspec.jobs.params;

import java.util.List;
import java.util.function.Predicate;

/**
 * The one definition of a parameter: its name (also its Parquet column), type, default per
 * experiment (null where it does not apply), the values allowed and what it means.
 * {@code addedLater} marks a parameter introduced after results were first written: its default
 * reproduces the older behaviour, and at that default it is left out of the run_id (docs/SCHEMA.md).
 * {@code extendedTo} names an experiment the parameter was extended to later (null: none): there it
 * is treated as a later parameter.
 */
public record Param(
        String name,
        ParamType type,
        Object twoLayerDefault,
        Object multiLayerDefault,
        Predicate<Object> allowed,
        String allowedText,
        List<String> choices,
        String doc,
        boolean addedLater,
        Experiment extendedTo) {

    public boolean appliesTo(Experiment e) {
        return defaultFor(e) != null;
    }

    public Object defaultFor(Experiment e) {
        return e == Experiment.TWO_LAYER ? twoLayerDefault : multiLayerDefault;
    }

    /** Parses and checks one value; the message names the key, the value and what is allowed. */
    public Object parse(Object raw) {
        Object v = type.parse(name, raw);
        if (type == ParamType.CHOICE && !choices.contains(v)) {
            throw new SpecException(name, "'" + v + "'", "one of " + String.join(", ", choices));
        }
        if (!allowed.test(v)) {
            throw new SpecException(name, type.canonical(v), allowedText);
        }
        return v;
    }

    /** Whether this value is part of a run's identity: always, but for a later parameter at its default. */
    public boolean inRunId(Experiment e, Object value) {
        boolean later = addedLater || e == extendedTo;
        return !later || !canonical(value).equals(canonical(defaultFor(e)));
    }

    public String canonical(Object value) {
        return type.canonical(value);
    }
}
