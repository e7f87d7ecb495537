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
 * correlation; {@code fullGradNorm}: the final full-batch gradient norm of the lowest layer.
 * Failed runs have NaN read-outs and never succeed.
 */
public record Measurement(String runId, String status, long steps, double maxSampleGradNorm, double gradTarget,
                          double fullGradNorm, String recordedStop, double worstAngle, double worstCorr,
                          double wallSeconds) {

    /**
     * What ended the run: the runs' stopped_by column ({@code recordedStop}); in folders written
     * before it, the engine's own rule on the committed final read-out ({@link StopReason#atEnd}):
     * the engine stops at the target exactly when the largest per-sample gradient norm read out
     * is at most stop_grad_norm, and labels a missed target stalled or budget from the final
     * gradients (older runs had no finishing phase, so no stall by lack of descent).
     */
    public String stoppedBy() {
        if (recordedStop != null) {
            return recordedStop;
        }
        return switch (status) {
            case "diverged" -> StopReason.DIVERGED.key();
            case "ok" -> StopReason.atEnd(gradTarget, fullGradNorm, maxSampleGradNorm, false).key();
            default -> null;
        };
    }

    /** The run reached the theorem's regime: its largest per-sample gradient norm is at most the target. */
    public boolean reachedTarget() {
        return status.equals("ok") && gradTarget > 0 && maxSampleGradNorm <= gradTarget;
    }

    /** Every teacher node specialized within eps (angle in radians, or 1 - corr). */
    public boolean specialized(String criterion, double eps) {
        if (!status.equals("ok")) {
            return false;
        }
        return criterion.equals(ComplexitySpec.ANGLE) ? worstAngle < eps : 1 - worstCorr < eps;
    }

    /**
     * A success for N*: the run reached the gradient target AND every teacher node specialized
     * within eps (the theorem's conclusion under its hypothesis). A search without a target
     * (grad_target 0: the whole budget) counts specialization alone.
     */
    public boolean success(String criterion, double eps) {
        return specialized(criterion, eps) && (gradTarget <= 0 || reachedTarget());
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
                "grad_norms", "min_best_corr_eval", "wall_seconds");
        for (Path p : folder.validFiles(runs)) {
            boolean recorded = hasColumn(folder, p, "stopped_by");
            List<String> read = new java.util.ArrayList<>(cols);
            if (recorded) {
                read.add("stopped_by");
            }
            ParquetIO.forEach(folder.conf(), p, runs, read, g -> {
                String id = (String) ParquetIO.value(g, col(runs, "run_id"));
                double[] a = angle.get(id);
                out.put(id, new Measurement(id, (String) ParquetIO.value(g, col(runs, "status")),
                        orZero((Long) ParquetIO.value(g, col(runs, "steps"))),
                        orNaN(ParquetIO.value(g, col(runs, "max_sample_grad_norm"))),
                        orNaN(ParquetIO.value(g, col(runs, "stop_grad_norm"))),
                        first((double[]) ParquetIO.value(g, col(runs, "grad_norms"))),
                        recorded ? (String) ParquetIO.value(g, col(runs, "stopped_by")) : null,
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

    /** Whether a Parquet file has the column (files written before it lack it). */
    private static boolean hasColumn(ResultsFolder folder, Path p, String name) throws IOException {
        try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(p, folder.conf()))) {
            return r.getFooter().getFileMetaData().getSchema().containsField(name);
        }
    }

    private static double first(double[] v) {
        return v == null || v.length == 0 ? Double.NaN : v[0];
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
