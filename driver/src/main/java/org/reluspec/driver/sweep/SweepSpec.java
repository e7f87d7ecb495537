package org.reluspec.driver.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.ParamType;
import org.reluspec.jobs.params.Params;

/**
 * A validated sweep: a name, the experiment, fixed parameter values and grid axes (values
 * parsed by the parameter catalog). {@link #source()} says where it came from, for messages.
 */
public record SweepSpec(String name, Experiment experiment, String source,
                        Map<String, Object> fixed, Map<String, List<Object>> axes)
        implements java.io.Serializable {

    /**
     * Version of the results folder's format: the resolved-spec file (sweep.yaml) and the Parquet
     * schema it goes with (output/Schema, the schema_version column). Defined here, below output,
     * so that both read it and dependencies point one way.
     */
    public static final int FORMAT_VERSION = 1;

    public SweepSpec {
        fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
        LinkedHashMap<String, List<Object>> a = new LinkedHashMap<>();
        axes.forEach((k, v) -> a.put(k, List.copyOf(v)));
        axes = Collections.unmodifiableMap(a);
    }

    /** Number of grid points (product of the axis lengths). */
    public long size() {
        long n = 1;
        for (List<Object> values : axes.values()) {
            n = Math.multiplyExact(n, values.size());
        }
        return n;
    }

    /** Axes that define a grid cell in summaries: every axis but the seed. */
    public List<String> cellAxes() {
        List<String> out = new ArrayList<>(axes.keySet());
        out.remove("seed");
        return out;
    }

    /**
     * The resolved spec as YAML: every parameter of the experiment (defaults included) either
     * under {@code fixed} or under {@code grid}, in catalog order. It is itself a valid sweep
     * file, and the same sweep always gives the same text.
     */
    public String toYaml(long runs) {
        StringBuilder b = new StringBuilder();
        b.append("# Resolved sweep spec written by reluspec: the grid that produced the data beside it.\n");
        b.append("# It is itself a sweep file: `bin/sweep run <this file>` resumes the same sweep.\n");
        b.append(canonicalBody(runs));
        return b.toString();
    }

    /** The part of {@link #toYaml} that identifies the sweep (no comments). */
    public String canonicalBody(long runs) {
        StringBuilder b = new StringBuilder();
        b.append("schema_version: ").append(FORMAT_VERSION).append('\n');
        b.append("name: ").append(name).append('\n');
        b.append("experiment: ").append(experiment.key()).append('\n');
        b.append("runs: ").append(runs).append('\n');
        b.append("fixed:\n");
        for (Param p : Params.all()) {
            if (p.name().equals("experiment") || !p.appliesTo(experiment) || axes.containsKey(p.name())) {
                continue;
            }
            Object v = fixed.containsKey(p.name()) ? fixed.get(p.name()) : p.defaultFor(experiment);
            if (!p.inRunId(experiment, v)) {
                continue; // added later and at its default: as in folders written before it existed
            }
            b.append("  ").append(p.name()).append(": ").append(yamlValue(p, v)).append('\n');
        }
        b.append("grid:\n");
        for (Map.Entry<String, List<Object>> e : axes.entrySet()) {
            Param p = Params.get(e.getKey());
            List<String> items = new ArrayList<>();
            for (Object v : e.getValue()) {
                items.add(yamlValue(p, v));
            }
            b.append("  ").append(e.getKey()).append(": [").append(String.join(", ", items)).append("]\n");
        }
        return b.toString();
    }

    static String yamlValue(Param p, Object v) {
        String text = p.canonical(v);
        return p.type() == ParamType.CHOICE || p.type() == ParamType.LR_SCHEDULE ? "'" + text + "'" : text;
    }
}
