package org.reluspec.driver.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reluspec.jobs.engine.Engines;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.params.SpecException;

/**
 * The grid of a sweep: grid point {@code index} (0 .. size-1, the last axis varying fastest)
 * is the fixed values plus one value of every axis. A point is rebuilt from its index anywhere
 * (driver or executor), so only indices travel.
 */
public final class Grid implements RunSource {
    private static final long serialVersionUID = 1L;

    private final SweepSpec sweep;
    private final List<String> axisNames;
    private final List<List<Object>> axisValues;

    public Grid(SweepSpec sweep) {
        this.sweep = sweep;
        this.axisNames = new ArrayList<>(sweep.axes().keySet());
        this.axisValues = new ArrayList<>(sweep.axes().values());
    }

    public SweepSpec sweep() {
        return sweep;
    }

    @Override
    public String name() {
        return sweep.name();
    }

    @Override
    public String source() {
        return sweep.source();
    }

    @Override
    public long size() {
        return sweep.size();
    }

    /** The raw values of grid point {@code index} (fixed and axis values, and the experiment). */
    public Map<String, Object> point(long index) {
        Map<String, Object> raw = new LinkedHashMap<>(sweep.fixed());
        raw.put("experiment", sweep.experiment().key());
        long rest = index;
        for (int a = axisNames.size() - 1; a >= 0; a--) {
            List<Object> values = axisValues.get(a);
            raw.put(axisNames.get(a), values.get((int) (rest % values.size())));
            rest /= values.size();
        }
        return raw;
    }

    /** Only the axis values of grid point {@code index}, e.g. {@code multi=2 seed=3}. */
    @Override
    public String describe(long index) {
        Map<String, Object> p = point(index);
        StringBuilder b = new StringBuilder();
        for (String a : axisNames) {
            b.append(b.length() == 0 ? "" : " ").append(a).append('=')
                    .append(org.reluspec.jobs.params.Params.get(a).canonical(p.get(a)));
        }
        return b.length() == 0 ? "(single run)" : b.toString();
    }

    /** The resolved run of grid point {@code index}; a combination that cannot run is a user error. */
    @Override
    public RunSpec spec(long index) {
        try {
            return Engines.requireAvailable(RunSpec.resolve(point(index)));
        } catch (SpecException e) {
            throw new SweepError(sweep.source(), "the grid point " + describe(index) + " cannot run: "
                    + e.getMessage());
        }
    }
}
