package org.reluspec.driver.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reluspec.jobs.engine.Engines;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.params.SpecException;

/**
 * An explicit list of runs (raw parameter values and a label each), e.g. the probes of one
 * sample-complexity round: not a Cartesian grid, but run like one.
 */
public final class RunList implements RunSource {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String source;
    private final List<LinkedHashMap<String, Object>> points = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();

    public RunList(String name, String source) {
        this.name = name;
        this.source = source;
    }

    /** Adds a run: its raw values (as in a sweep file) and a label for messages. */
    public RunList add(Map<String, Object> values, String label) {
        points.add(new LinkedHashMap<>(values));
        labels.add(label);
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public long size() {
        return points.size();
    }

    @Override
    public RunSpec spec(long index) {
        try {
            return Engines.requireAvailable(RunSpec.resolve(points.get((int) index)));
        } catch (SpecException e) {
            throw new SweepError(source, describe(index) + " cannot run: " + e.getMessage());
        }
    }

    @Override
    public String describe(long index) {
        return labels.get((int) index);
    }
}
