package org.reluspec.driver.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reluspec.driver.UserError;

/**
 * Every grid run into one results folder, oldest first, each with the time it was first run and
 * the code version that ran it. Runs are content-addressed (run_id), so a folder holds the union
 * of these grids; a grid that repeats the latest one (a resume) adds no entry.
 *
 * <p>The folder's sweep.yaml holds the latest grid at the top level (so the file is still a sweep
 * file: {@code bin/sweep run sweep.yaml} runs that grid again, finding it done) and the whole list
 * under {@code history:}. A sweep.yaml written before there was a history is read as a one-entry
 * history dated by the file's modification time (it was written once, when that grid first ran).
 */
public record SweepHistory(List<Entry> entries) {

    /** One grid run into the folder: when, by which code (null: not recorded), and the grid. */
    public record Entry(String time, String code, SweepSpec spec) {
    }

    public SweepHistory {
        entries = List.copyOf(entries);
    }

    public SweepSpec latest() {
        return entries.get(entries.size() - 1).spec();
    }

    /**
     * The history of a folder's sweep.yaml text; {@code fileTime} dates the one grid of a file
     * written before histories existed.
     */
    public static SweepHistory parse(String yaml, String source, String fileTime) {
        Object doc = SweepLoader.loadYaml(yaml, source);
        if (!(doc instanceof Map<?, ?> top)) {
            throw new SweepError(source, "not a reluspec sweep.yaml (expected a YAML mapping)");
        }
        Object list = top.get("history");
        if (list == null) {
            return new SweepHistory(List.of(new Entry(fileTime, null, SweepLoader.fromMap(top, source, List.of()))));
        }
        if (!(list instanceof List<?> items) || items.isEmpty()) {
            throw new SweepError(source, "history: expected a list of grids");
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = source + ": history[" + (i + 1) + "]";
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                throw new SweepError(at, "expected a mapping with time, fixed and grid");
            }
            Map<String, Object> grid = new LinkedHashMap<>();
            grid.put("name", top.get("name"));
            grid.put("experiment", top.get("experiment"));
            grid.put("fixed", item.get("fixed"));
            grid.put("grid", item.get("grid"));
            Object code = item.get("code");
            out.add(new Entry(String.valueOf(item.get("time")), code == null ? null : code.toString(),
                    SweepLoader.fromMap(grid, at, List.of())));
        }
        return new SweepHistory(out);
    }

    /**
     * The history after running {@code spec} into the folder: refused for another experiment;
     * unchanged when {@code spec} is the latest grid (compared as resolved by today's catalog, so
     * parameters added since are at their defaults on both sides); else one entry more.
     */
    public SweepHistory with(SweepSpec spec, String time, String code, String folder) {
        SweepSpec last = latest();
        if (last.experiment() != spec.experiment()) {
            throw new UserError("results folder " + folder + " holds a " + last.experiment().key()
                    + " sweep and this sweep is " + spec.experiment().key() + "; one folder holds one experiment:"
                    + " choose another --out or another --name");
        }
        if (same(last, spec)) {
            return this;
        }
        List<Entry> out = new ArrayList<>(entries);
        out.add(new Entry(time, code, spec));
        return new SweepHistory(out);
    }

    private static boolean same(SweepSpec a, SweepSpec b) {
        return a.name().equals(b.name()) && a.canonicalBody(a.size()).equals(b.canonicalBody(b.size()));
    }

    /** Entry {@code k} (1 = the first grid run into the folder), or a user error naming the range. */
    public Entry entry(int k) {
        if (k < 1 || k > entries.size()) {
            throw new UserError("--grid " + k + ": this folder's history has grids 1 to " + entries.size()
                    + " (bin/sweep show DIR --history lists them)");
        }
        return entries.get(k - 1);
    }

    /** The sweep.yaml text: the latest grid at the top level, then every grid under history. */
    public String toYaml() {
        SweepSpec last = latest();
        StringBuilder b = new StringBuilder();
        b.append("# Resolved sweep spec written by reluspec: the grids that produced the data beside it.\n");
        b.append("# It is itself a sweep file: `bin/sweep run <this file>` runs the latest grid again (resumes it).\n");
        b.append("# history: every grid run into this folder, oldest first (the folder holds their union).\n");
        b.append(last.canonicalBody(last.size()));
        b.append("history:\n");
        for (Entry e : entries) {
            b.append("  - time: ").append(quote(e.time())).append('\n');
            if (e.code() != null) {
                b.append("    code: ").append(quote(e.code())).append('\n');
            }
            String body = e.spec().canonicalBody(e.spec().size());
            boolean inside = false;
            for (String line : body.lines().toList()) {
                if (line.equals("fixed:") || line.startsWith("runs:")) {
                    inside = true;
                }
                if (inside) {
                    b.append("    ").append(line).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
