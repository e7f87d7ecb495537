package org.reluspec.driver.complexity;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.reluspec.driver.output.Column;
import org.reluspec.driver.output.ParquetIO;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.output.Table;
import org.reluspec.jobs.run.StopReason;

/**
 * What a committed probe run measured, read back from the results folder's runs and nodes:
 * enough to decide its success for any eps. {@code worstAngle}: the largest over teacher nodes
 * of the smallest angle to a student (lowest layer); {@code worstCorr}: the smallest best eval
 * correlation. Failed runs have NaN read-outs and never succeed.
 */
public record Measurement(String runId, String status, long steps, double maxSampleGradNorm, double gradTarget,
                          double worstAngle, double worstCorr, double wallSeconds) {

    /**
     * What ended the run: the engine stops at the gradient target exactly when the largest
     * per-sample gradient norm read after an epoch is at most stop_grad_norm, so the committed
     * final read-out tells which one did.
     */
    public String stoppedBy() {
        return switch (status) {
            case "diverged" -> StopReason.DIVERGED.key();
            case "ok" -> gradTarget > 0 && maxSampleGradNorm <= gradTarget
                    ? StopReason.GRADIENT_TARGET.key() : StopReason.BUDGET.key();
            default -> null;
        };
    }

    /** Every teacher node specialized within eps (angle in radians, or 1 - corr). */
    public boolean success(String criterion, double eps) {
        if (!status.equals("ok")) {
            return false;
        }
        return criterion.equals(ComplexitySpec.ANGLE) ? worstAngle < eps : 1 - worstCorr < eps;
    }

    /** Every committed run of the folder, by run_id. */
    public static Map<String, Measurement> readAll(ResultsFolder folder) throws IOException {
        Map<String, double[]> angle = new HashMap<>();
        Table nodes = Schema.NODES;
        List<String> nodeCols = List.of("run_id", "layer", "best_angle");
        for (Path p : folder.validFiles(nodes)) {
            ParquetIO.forEach(folder.conf(), p, nodes, nodeCols, g -> {
                Object layer = ParquetIO.value(g, col(nodes, "layer"));
                Object a = ParquetIO.value(g, col(nodes, "best_angle"));
                if (layer != null && (Integer) layer == 0 && a != null) {
                    String id = (String) ParquetIO.value(g, col(nodes, "run_id"));
                    angle.computeIfAbsent(id, k -> new double[] {Double.NEGATIVE_INFINITY})[0] =
                            Math.max(angle.get(id)[0], (Double) a);
                }
            });
        }
        Map<String, Measurement> out = new HashMap<>();
        Table runs = Schema.RUNS;
        List<String> cols = List.of("run_id", "status", "steps", "max_sample_grad_norm", "stop_grad_norm",
                "min_best_corr_eval", "wall_seconds");
        for (Path p : folder.validFiles(runs)) {
            ParquetIO.forEach(folder.conf(), p, runs, cols, g -> {
                String id = (String) ParquetIO.value(g, col(runs, "run_id"));
                double[] a = angle.get(id);
                out.put(id, new Measurement(id, (String) ParquetIO.value(g, col(runs, "status")),
                        orZero((Long) ParquetIO.value(g, col(runs, "steps"))),
                        orNaN(ParquetIO.value(g, col(runs, "max_sample_grad_norm"))),
                        orNaN(ParquetIO.value(g, col(runs, "stop_grad_norm"))),
                        a == null ? Double.NaN : a[0],
                        orNaN(ParquetIO.value(g, col(runs, "min_best_corr_eval"))),
                        orNaN(ParquetIO.value(g, col(runs, "wall_seconds")))));
            });
        }
        return out;
    }

    private static Column col(Table t, String name) {
        return t.columns().get(t.indexOf(name));
    }

    private static double orNaN(Object v) {
        return v == null ? Double.NaN : (Double) v;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
