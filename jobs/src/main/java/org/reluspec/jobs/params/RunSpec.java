package org.reluspec.jobs.params;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The fully resolved parameters of one run: every parameter that applies to its experiment,
 * defaults filled in, values parsed and checked. A run is a pure function of this object.
 */
public final class RunSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Experiment experiment;
    private final TreeMap<String, Object> values;

    private RunSpec(Experiment experiment, TreeMap<String, Object> values) {
        this.experiment = experiment;
        this.values = values;
    }

    /** Resolves raw values (text or YAML scalars) into a checked spec, defaults filled in. */
    public static RunSpec resolve(Map<String, ?> given) {
        Object rawExperiment = given.get("experiment");
        Experiment experiment = rawExperiment == null
                ? Experiment.TWO_LAYER
                : Experiment.fromKey(Params.get("experiment").parse(rawExperiment).toString());
        TreeMap<String, Object> values = new TreeMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            Param p = Params.get(e.getKey());
            if (!p.appliesTo(experiment)) {
                throw new SpecException("parameter '" + p.name() + "' does not apply to experiment "
                        + experiment.key() + " (it belongs to "
                        + (experiment == Experiment.TWO_LAYER ? "multi_layer" : "two_layer") + ")");
            }
            values.put(p.name(), p.parse(e.getValue()));
        }
        for (Param p : Params.all()) {
            if (p.appliesTo(experiment)) {
                values.putIfAbsent(p.name(), p.defaultFor(experiment));
            }
        }
        RunSpec spec = new RunSpec(experiment, values);
        Constraints.check(spec);
        return spec;
    }

    /** A copy with some values replaced (parsed and checked like {@link #resolve}). */
    public RunSpec with(Map<String, ?> changes) {
        Map<String, Object> merged = new TreeMap<>(values);
        merged.putAll(changes);
        return resolve(merged);
    }

    public RunSpec with(String key, Object value) {
        return with(Map.of(key, value));
    }

    public Experiment experiment() {
        return experiment;
    }

    /** Parameter name to parsed value, sorted by name. */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    public Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is not part of a "
                    + experiment.key() + " run");
        }
        return v;
    }

    public int i(String name) {
        return (Integer) get(name);
    }

    public double d(String name) {
        return (Double) get(name);
    }

    public boolean b(String name) {
        return (Boolean) get(name);
    }

    public String s(String name) {
        return (String) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<Integer> ints(String name) {
        return (List<Integer>) get(name);
    }

    public LrSchedule lr() {
        return LrSchedule.parse(s("lr"));
    }

    public boolean floatPrecision() {
        return s("precision").equals("float");
    }

    /** {@code key=value} pairs in name order: the same run always has the same text. */
    public String canonical() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + Params.get(e.getKey()).canonical(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    /**
     * The text a run_id hashes: {@link #canonical()} without the parameters added later that hold
     * their default, so that adding a parameter keeps every existing run_id.
     */
    public String identity() {
        return values.entrySet().stream()
                .filter(e -> Params.get(e.getKey()).inRunId(experiment, e.getValue()))
                .map(e -> e.getKey() + "=" + Params.get(e.getKey()).canonical(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    /** A stable id: the first 16 hex digits of the SHA-256 of {@link #identity()}. */
    public String runId() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(identity().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunSpec r && r.experiment == experiment && r.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return canonical();
    }
}
