package org.reluspec.driver.output;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepSpec;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.Params;

/**
 * The summary table of a results folder, one line per grid cell (the axes except seed): runs
 * committed of expected, diverged, failed, mean covered teacher nodes at 0.95 (eval, lowest
 * layer) of the teacher's nodes, mean final eval loss.
 */
public final class Summary {
    private Summary() {
    }

    /** Aggregates of one cell. */
    static final class Cell {
        int runs;
        int diverged;
        int failed;
        double covered;
        int coveredN;
        double loss;
        int lossN;
        int teacherNodes;
    }

    public static String table(ResultsFolder folder, SweepSpec spec, int maxLines) throws IOException {
        List<String> axes = spec.cellAxes();
        Table t = Schema.RUNS;
        List<Column> cols = new ArrayList<>();
        for (String a : axes) {
            cols.add(t.columns().get(t.indexOf(a)));
        }
        Column status = t.columns().get(t.indexOf("status"));
        Column covered = t.columns().get(t.indexOf("covered_eval_095"));
        Column loss = t.columns().get(t.indexOf("final_eval_loss"));
        Column teacher = t.columns().get(t.indexOf("teacher_nodes"));

        // Cells in grid order, so the table reads like the sweep file.
        Map<String, Cell> cells = new LinkedHashMap<>();
        Grid grid = new Grid(spec);
        long perCell = spec.axes().containsKey("seed") ? spec.axes().get("seed").size() : 1;
        for (long i = 0; i < grid.size(); i += perCell) {
            if (cells.size() > 100_000) {
                break;
            }
            Map<String, Object> p = grid.point(i);
            List<String> key = new ArrayList<>();
            for (String a : axes) {
                key.add(Params.get(a).canonical(p.get(a)));
            }
            cells.putIfAbsent(String.join("\u0000", key), new Cell());
        }
        List<String> names = new ArrayList<>();
        for (Column c : cols) {
            names.add(c.name());
        }
        List<String> proj = new ArrayList<>(names);
        proj.addAll(List.of("status", "covered_eval_095", "final_eval_loss", "teacher_nodes"));
        int total = 0;
        for (Path p : folder.validFiles(t)) {
            List<org.apache.parquet.example.data.Group> rows = new ArrayList<>();
            ParquetIO.forEach(folder.conf(), p, t, proj, rows::add);
            for (var g : rows) {
                List<String> key = new ArrayList<>();
                for (Column c : cols) {
                    Param param = Params.get(c.name());
                    Object v = ParquetIO.value(g, c);
                    key.add(v instanceof int[] arr ? param.canonical(java.util.Arrays.stream(arr).boxed().toList())
                            : v == null ? "null" : param.canonical(v));
                }
                Cell cell = cells.computeIfAbsent(String.join("\u0000", key), k -> new Cell());
                cell.runs++;
                total++;
                String st = (String) ParquetIO.value(g, status);
                if ("diverged".equals(st)) {
                    cell.diverged++;
                } else if ("failed".equals(st)) {
                    cell.failed++;
                }
                Integer cov = (Integer) ParquetIO.value(g, covered);
                if (cov != null && !"failed".equals(st)) {
                    cell.covered += cov;
                    cell.coveredN++;
                }
                Double l = (Double) ParquetIO.value(g, loss);
                if (l != null && Double.isFinite(l) && !"failed".equals(st)) {
                    cell.loss += l;
                    cell.lossN++;
                }
                int[] tn = (int[]) ParquetIO.value(g, teacher);
                if (tn != null && tn.length > 0) {
                    cell.teacherNodes = tn[0];
                }
            }
        }
        List<String> header = new ArrayList<>(names);
        header.addAll(List.of("runs", "diverged", "failed", "covered@0.95", "eval_loss"));
        List<List<String>> lines = new ArrayList<>();
        for (Map.Entry<String, Cell> e : cells.entrySet()) {
            Cell c = e.getValue();
            List<String> line = new ArrayList<>(axes.isEmpty() ? List.of() : List.of(e.getKey().split("\u0000", -1)));
            line.add(c.runs + "/" + perCell);
            line.add(String.valueOf(c.diverged));
            line.add(String.valueOf(c.failed));
            line.add(c.coveredN == 0 ? "-" : String.format(Locale.ROOT, "%.2f of %d", c.covered / c.coveredN,
                    c.teacherNodes));
            line.add(c.lossN == 0 ? "-" : String.format(Locale.ROOT, "%.3e", c.loss / c.lossN));
            lines.add(line);
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %d of %d runs committed; per grid cell (%s; means over seeds, "
                + "lowest layer, eval data):%n", folder.root(), total, grid.size(),
                axes.isEmpty() ? "no axes but seed" : String.join(" x ", axes)));
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
