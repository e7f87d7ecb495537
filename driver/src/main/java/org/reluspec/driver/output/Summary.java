package org.reluspec.driver.output;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.reluspec.driver.UserError;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.SweepSpec;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.Params;
import org.reluspec.jobs.params.RunSpec;

/**
 * The summary of a results folder, one line per group of runs (by default the grid cells: every
 * axis but the seed): runs committed of expected, diverged, failed, then the mean of each metric
 * over the runs that did not fail (by default covered teacher nodes at 0.95, eval data, lowest
 * layer, of the teacher's nodes; and the final eval loss). The expected runs are those of the
 * grids given (a folder's whole history, or one grid of it).
 */
public final class Summary {
    /** The metrics of the closing table and of show without --metric. */
    public static final List<String> DEFAULT_METRICS = List.of("covered_eval_095", "final_eval_loss");

    /**
     * What to show: {@code by} the columns that make a group (null: the grids' axes but seed, and
     * the fixed parameters that differ between grids); {@code metrics} numeric runs columns;
     * {@code where} filters {@code key=value} or {@code key=v1,v2} (any runs column).
     */
    public record Query(List<String> by, List<String> metrics, List<String> where) {
        public static Query cells() {
            return new Query(null, DEFAULT_METRICS, List.of());
        }
    }

    /** The result: group columns then runs, expected, diverged, failed and the metrics; one row per group. */
    public record Result(String title, List<String> by, List<String> metrics, List<Group> groups) {
    }

    /** One group: its key values (canonical text), counts and, per metric, the mean (null: no value). */
    public record Group(List<String> key, int runs, int expected, int diverged, int failed, List<Double> means,
                        int teacherNodes) {
    }

    private Summary() {
    }

    /** The closing table of a run: the cells of {@code spec}'s grid. */
    public static String table(ResultsFolder folder, SweepSpec spec, int maxLines) throws IOException {
        return text(compute(folder, List.of(spec), true, Query.cells(), ""), folder, maxLines);
    }

    /**
     * Groups the committed runs of {@code folder}: those of {@code grids} only when {@code restrict}
     * (else every run in the folder), filtered by the query's where.
     */
    public static Result compute(ResultsFolder folder, List<SweepSpec> grids, boolean restrict, Query q,
                                 String titleNote) throws IOException {
        Table t = Schema.RUNS;
        List<String> by = q.by() != null ? q.by() : defaultBy(grids);
        for (String b : by) {
            column(b, "--by");
        }
        for (String m : q.metrics()) {
            Column c = column(m, "--metric");
            if (c.kind() != Column.Kind.INT && c.kind() != Column.Kind.LONG && c.kind() != Column.Kind.DOUBLE) {
                throw new UserError("--metric " + m + ": not a number column ("
                        + c.kind().name().toLowerCase(Locale.ROOT)
                        + "); numbers of runs/ are e.g. " + String.join(", ", DEFAULT_METRICS) + ", steps");
            }
        }
        Map<String, Set<String>> where = where(q.where());
        Map<String, Set<String>> whereParams = new LinkedHashMap<>(where);
        whereParams.keySet().removeIf(k -> !Params.exists(k));

        // Expected runs, grouped, in grid order (so the table reads like the sweep file).
        Map<String, Group0> groups = new LinkedHashMap<>();
        Set<String> expectedIds = new HashSet<>();
        for (SweepSpec s : grids) {
            Grid grid = new Grid(s);
            for (long i = 0; i < grid.size() && groups.size() <= 100_000; i++) {
                RunSpec r = grid.spec(i);
                if (!expectedIds.add(r.runId()) || !matches(whereParams, name -> text(r, name))) {
                    continue;
                }
                List<String> key = new ArrayList<>();
                for (String b : by) {
                    key.add(text(r, b));
                }
                groups.computeIfAbsent(String.join("\u0000", key), k -> new Group0(key, q.metrics().size())).expected++;
            }
        }

        Set<String> columns = new LinkedHashSet<>(List.of("run_id", "status", "teacher_nodes"));
        columns.addAll(by);
        columns.addAll(q.metrics());
        columns.addAll(where.keySet());
        List<String> proj = new ArrayList<>(columns);
        Column runId = t.columns().get(t.indexOf("run_id"));
        Column status = t.columns().get(t.indexOf("status"));
        Column teacher = t.columns().get(t.indexOf("teacher_nodes"));
        int total = 0;
        for (Path p : folder.validFiles(t)) {
            List<org.apache.parquet.example.data.Group> rows = new ArrayList<>();
            ParquetIO.forEach(folder.conf(), p, t, proj, rows::add);
            for (var g : rows) {
                if (restrict && !expectedIds.contains((String) ParquetIO.value(g, runId))) {
                    continue;
                }
                if (!matches(where, name -> text(ParquetIO.value(g, column(name, "")), name))) {
                    continue;
                }
                List<String> key = new ArrayList<>();
                for (String b : by) {
                    key.add(text(ParquetIO.value(g, column(b, "")), b));
                }
                Group0 cell = groups.computeIfAbsent(String.join("\u0000", key),
                        k -> new Group0(key, q.metrics().size()));
                cell.runs++;
                total++;
                String st = (String) ParquetIO.value(g, status);
                if ("diverged".equals(st)) {
                    cell.diverged++;
                } else if ("failed".equals(st)) {
                    cell.failed++;
                    continue;
                }
                for (int m = 0; m < q.metrics().size(); m++) {
                    Object v = ParquetIO.value(g, column(q.metrics().get(m), ""));
                    if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                        cell.sum[m] += n.doubleValue();
                        cell.count[m]++;
                    }
                }
                int[] tn = (int[]) ParquetIO.value(g, teacher);
                if (tn != null && tn.length > 0) {
                    cell.teacherNodes = tn[0];
                }
            }
        }
        int expected = expectedIds.size();
        if (!where.isEmpty()) {
            expected = groups.values().stream().mapToInt(g -> g.expected).sum();
        }
        List<Group> out = new ArrayList<>();
        for (Group0 g : groups.values()) {
            List<Double> means = new ArrayList<>();
            for (int m = 0; m < g.sum.length; m++) {
                means.add(g.count[m] == 0 ? null : g.sum[m] / g.count[m]);
            }
            out.add(new Group(g.key, g.runs, g.expected, g.diverged, g.failed, means, g.teacherNodes));
        }
        String title = String.format(Locale.ROOT, "%s: %d of %d runs committed%s; per %s (%s; means over runs, "
                        + "lowest layer, eval data):", folder.root(), total, expected, titleNote,
                q.by() == null ? "grid cell" : "group", by.isEmpty() ? "no axes but seed" : String.join(" x ", by));
        return new Result(title, by, q.metrics(), out);
    }

    /** Mutable aggregates of one group. */
    private static final class Group0 {
        final List<String> key;
        int runs;
        int expected;
        int diverged;
        int failed;
        final double[] sum;
        final int[] count;
        int teacherNodes;

        Group0(List<String> key, int metrics) {
            this.key = key;
            this.sum = new double[metrics];
            this.count = new int[metrics];
        }
    }

    /** The grids' axes but seed, then the fixed parameters whose value differs between grids. */
    static List<String> defaultBy(List<SweepSpec> grids) {
        Set<String> by = new LinkedHashSet<>();
        for (SweepSpec s : grids) {
            by.addAll(s.cellAxes());
        }
        for (Param p : Params.all()) {
            Set<String> values = new HashSet<>();
            for (SweepSpec s : grids) {
                if (!s.axes().containsKey(p.name()) && p.appliesTo(s.experiment())) {
                    values.add(p.canonical(s.fixed().containsKey(p.name()) ? s.fixed().get(p.name())
                            : p.defaultFor(s.experiment())));
                }
            }
            if (values.size() > 1 && !p.name().equals("seed")) {
                by.add(p.name());
            }
        }
        return new ArrayList<>(by);
    }

    private static Column column(String name, String option) {
        Table t = Schema.RUNS;
        if (!t.has(name)) {
            Set<String> names = new TreeSet<>();
            t.columns().forEach(c -> names.add(c.name()));
            String hint = SweepLoader.nearest(name, names).map(n -> " (did you mean '" + n + "'?)").orElse("");
            throw new UserError(option + " " + name + ": no such column in runs/" + hint
                    + "; columns are the parameters (bin/sweep params) and the read-outs in docs/SCHEMA.md");
        }
        return t.columns().get(t.indexOf(name));
    }

    /** Filters {@code key=v1,v2}: column name to the canonical texts allowed. */
    private static Map<String, Set<String>> where(List<String> items) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String w : items) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--where " + w + ": expected key=value or key=v1,v2");
            }
            String key = w.substring(0, eq).trim();
            column(key, "--where");
            Set<String> allowed = new HashSet<>();
            for (String v : w.substring(eq + 1).split(",")) {
                allowed.add(Params.exists(key) ? canonical(Params.get(key), v.trim(), w) : v.trim());
            }
            out.computeIfAbsent(key, k -> new HashSet<>()).addAll(allowed);
        }
        return out;
    }

    private static String canonical(Param p, String value, String where) {
        try {
            return p.canonical(p.parse(value));
        } catch (RuntimeException e) {
            throw new UserError("--where " + where + ": " + e.getMessage());
        }
    }

    private static boolean matches(Map<String, Set<String>> where, java.util.function.Function<String, String> value) {
        for (Map.Entry<String, Set<String>> e : where.entrySet()) {
            if (!e.getValue().contains(value.apply(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** A planned run's value of a column as text ("null": not one of its parameters or a read-out). */
    private static String text(RunSpec r, String name) {
        if (!Params.exists(name) || !r.values().containsKey(name)) {
            return name.equals("experiment") ? r.experiment().key() : "null";
        }
        return Params.get(name).canonical(r.get(name));
    }

    /** A stored value as text, the parameter's canonical form for parameters. */
    private static String text(Object v, String name) {
        if (v == null) {
            return "null";
        }
        if (Params.exists(name)) {
            Param p = Params.get(name);
            return v instanceof int[] arr ? p.canonical(java.util.Arrays.stream(arr).boxed().toList()) : p.canonical(v);
        }
        return v instanceof int[] arr ? java.util.Arrays.toString(arr) : v instanceof double[] d
                ? java.util.Arrays.toString(d) : v.toString();
    }

    /** Table header label of a metric. */
    static String label(String metric) {
        if (metric.startsWith("covered_eval_") && metric.length() == "covered_eval_095".length()) {
            return "covered@0." + metric.substring(metric.length() - 2);
        }
        return metric.equals("final_eval_loss") ? "eval_loss" : metric;
    }

    /** The aligned text table (at most {@code maxLines} groups). */
    public static String text(Result r, ResultsFolder folder, int maxLines) {
        List<String> header = new ArrayList<>(r.by());
        header.addAll(List.of("runs", "diverged", "failed"));
        r.metrics().forEach(m -> header.add(label(m)));
        List<List<String>> lines = new ArrayList<>();
        for (Group g : r.groups()) {
            List<String> line = new ArrayList<>(g.key());
            line.add(g.runs() + "/" + g.expected());
            line.add(String.valueOf(g.diverged()));
            line.add(String.valueOf(g.failed()));
            for (int m = 0; m < r.metrics().size(); m++) {
                line.add(format(r.metrics().get(m), g.means().get(m), g.teacherNodes()));
            }
            lines.add(line);
        }
        StringBuilder b = new StringBuilder(r.title()).append('\n');
        int[] w = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            w[i] = header.get(i).length();
            for (List<String> l : lines) {
                w[i] = Math.max(w[i], l.get(i).length());
            }
        }
        appendLine(b, header, w);
        int shown = 0;
        for (List<String> l : lines) {
            if (shown++ >= maxLines) {
                b.append(String.format(Locale.ROOT, "... %d more cells (bin/sweep show %s)%n",
                        lines.size() - maxLines, folder.root()));
                break;
            }
            appendLine(b, l, w);
        }
        return b.toString();
    }

    private static String format(String metric, Double mean, int teacherNodes) {
        if (mean == null) {
            return "-";
        }
        if (metric.startsWith("covered_")) {
            return String.format(Locale.ROOT, "%.2f of %d", mean, teacherNodes);
        }
        Column c = Schema.RUNS.columns().get(Schema.RUNS.indexOf(metric));
        return c.kind() == Column.Kind.DOUBLE ? String.format(Locale.ROOT, "%.3e", mean)
                : String.format(Locale.ROOT, "%.2f", mean);
    }

    /** CSV: a header line, then one line per group; means in full precision, empty where none. */
    public static String csv(Result r) {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(r.by());
        header.addAll(List.of("runs", "expected", "diverged", "failed"));
        header.addAll(r.metrics());
        b.append(String.join(",", header.stream().map(Summary::csvField).toList())).append('\n');
        for (Group g : r.groups()) {
            List<String> f = new ArrayList<>();
            g.key().forEach(k -> f.add(csvField(k)));
            f.addAll(List.of(String.valueOf(g.runs()), String.valueOf(g.expected()), String.valueOf(g.diverged()),
                    String.valueOf(g.failed())));
            g.means().forEach(m -> f.add(m == null ? "" : String.valueOf(m)));
            b.append(String.join(",", f)).append('\n');
        }
        return b.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** JSON: an array of objects, one per group; group values as text, counts and means as numbers (null: none). */
    public static String json(Result r) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < r.groups().size(); i++) {
            Group g = r.groups().get(i);
            b.append(i == 0 ? "\n  {" : ",\n  {");
            List<String> f = new ArrayList<>();
            for (int k = 0; k < r.by().size(); k++) {
                f.add(jsonString(r.by().get(k)) + ": " + jsonString(g.key().get(k)));
            }
            f.add("\"runs\": " + g.runs());
            f.add("\"expected\": " + g.expected());
            f.add("\"diverged\": " + g.diverged());
            f.add("\"failed\": " + g.failed());
            for (int m = 0; m < r.metrics().size(); m++) {
                Double v = g.means().get(m);
                f.add(jsonString(r.metrics().get(m)) + ": " + (v == null ? "null" : String.valueOf(v)));
            }
            b.append(String.join(", ", f)).append('}');
        }
        return b.append(r.groups().isEmpty() ? "]\n" : "\n]\n").toString();
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(ch < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) ch) : String.valueOf(ch));
            }
        }
        return b.append('"').toString();
    }

    private static void appendLine(StringBuilder b, List<String> cells, int[] w) {
        for (int i = 0; i < cells.size(); i++) {
            b.append(i == 0 ? "" : "  ");
            String f = "%" + w[i] + "s";
            b.append(String.format(Locale.ROOT, f, cells.get(i)));
        }
        b.append('\n');
    }

    /** Counts of statuses in the folder: [ok, diverged, failed]. */
    public static int[] statusCounts(ResultsFolder folder) throws IOException {
        int[] out = new int[3];
        Column status = Schema.RUNS.columns().get(Schema.RUNS.indexOf("status"));
        for (Path p : folder.validFiles(Schema.RUNS)) {
            ParquetIO.forEach(folder.conf(), p, Schema.RUNS, List.of("status"), g -> {
                String s = (String) ParquetIO.value(g, status);
                out["ok".equals(s) ? 0 : "diverged".equals(s) ? 1 : 2]++;
            });
        }
        return out;
    }
}
