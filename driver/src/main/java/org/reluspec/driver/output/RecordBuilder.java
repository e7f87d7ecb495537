package org.reluspec.driver.output;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.reluspec.driver.sweep.SweepSpec;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.Params;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.LayerEpoch;
import org.reluspec.jobs.run.LayerFinal;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.Thresholds;

/** Turns one run's result (or its failure) into rows of the four datasets ({@link Schema}). */
public final class RecordBuilder {
    /** Longest error text stored in the {@code error} column. */
    static final int MAX_ERROR = 4000;

    private RecordBuilder() {
    }

    public static RunRecord ok(String sweep, long gridIndex, RunSpec spec, RunResult r, int attempt, String codeVersion) {
        String id = spec.runId();
        Object[] run = base(sweep, gridIndex, spec, r.status().key(), null, attempt, codeVersion);
        Table t = Schema.RUNS;
        EpochReadout first = r.epochs().get(0);
        EpochReadout last = r.last();
        set(run, t, "final_epoch", last.epoch());
        set(run, t, "initial_eval_loss", first.evalLoss());
        boolean train = last.trainMeasured();
        set(run, t, "final_train_loss", train ? last.trainLoss() : null);
        set(run, t, "final_eval_loss", last.evalLoss());
        set(run, t, "grad_norms", train ? last.gradNorms().clone() : null);
        set(run, t, "max_sample_grad_norm", train ? last.maxSampleGradNorm() : null);
        List<LayerEpoch> layers = last.layers();
        int[] teacherNodes = new int[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            teacherNodes[l] = layers.get(l).bestCorrEval().length;
        }
        set(run, t, "teacher_nodes", teacherNodes);
        if (!layers.isEmpty()) {
            LayerEpoch low = layers.get(0);
            set(run, t, "mean_best_corr_eval", low.meanBestCorrEval());
            set(run, t, "min_best_corr_eval", min(low.bestCorrEval()));
            for (int k = 0; k < Thresholds.SUFFIXES.size(); k++) {
                String s = Thresholds.SUFFIXES.get(k);
                set(run, t, "covered_train_" + s, train ? low.coveredTrain()[k] : null);
                set(run, t, "covered_eval_" + s, low.coveredEval()[k]);
                int[] perLayer = new int[layers.size()];
                for (int l = 0; l < layers.size(); l++) {
                    perLayer[l] = layers.get(l).coveredEval()[k];
                }
                set(run, t, "covered_eval_" + s + "_layers", perLayer);
            }
        }
        set(run, t, "steps", r.steps());
        set(run, t, "n_train_used", r.nTrain());
        set(run, t, "wall_seconds", r.wallSeconds());
        set(run, t, "diverged_epoch", r.divergedEpoch());
        set(run, t, "stopped_by", r.stoppedBy().key());
        set(run, t, "finish_steps", r.finishIterations());
        set(run, t, "finish_seconds", r.finishSeconds());
        set(run, t, "full_grad_norm", last.gradNorms().length == 0 ? null : last.gradNorms()[0]);

        List<Object[]> epochs = new ArrayList<>(r.epochs().size());
        for (EpochReadout e : r.epochs()) {
            epochs.add(epochRow(id, e));
        }
        List<Object[]> nodes = new ArrayList<>();
        List<Object[]> students = new ArrayList<>();
        for (LayerFinal f : r.layers()) {
            LayerEpoch le = f.layer() < layers.size() ? layers.get(f.layer()) : null;
            nodes.addAll(nodeRows(id, f, le));
            students.addAll(studentRows(id, f));
        }
        return new RunRecord(id, gridIndex, r.status().key(), r.wallSeconds(), run, nodes, epochs, students);
    }

    public static RunRecord failed(String sweep, long gridIndex, RunSpec spec, Throwable error, int attempt,
                                   String codeVersion) {
        Object[] run = base(sweep, gridIndex, spec, "failed", errorText(error), attempt, codeVersion);
        return new RunRecord(spec.runId(), gridIndex, "failed", 0, run, List.of(), List.of(), List.of());
    }

    /** The exception class, message and the first frames: enough to find the cause, bounded. */
    static String errorText(Throwable error) {
        StringWriter w = new StringWriter();
        error.printStackTrace(new PrintWriter(w));
        String text = w.toString();
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) + "..." : text;
    }

    private static Object[] base(String sweep, long gridIndex, RunSpec spec, String status, String error,
                                 int attempt, String codeVersion) {
        Table t = Schema.RUNS;
        Object[] row = t.newRow();
        set(row, t, "run_id", spec.runId());
        set(row, t, "sweep", sweep);
        set(row, t, "grid_index", gridIndex);
        set(row, t, "status", status);
        set(row, t, "error", error);
        for (Param p : Params.all()) {
            Object v = spec.values().get(p.name());
            if (v != null) {
                set(row, t, p.name(), v instanceof List<?> list ? list.stream().mapToInt(x -> (Integer) x).toArray() : v);
            }
        }
        set(row, t, "attempt", attempt);
        set(row, t, "code_version", codeVersion);
        set(row, t, "schema_version", SweepSpec.FORMAT_VERSION);
        return row;
    }

    private static Object[] epochRow(String id, EpochReadout e) {
        Table t = Schema.EPOCHS;
        Object[] row = t.newRow();
        set(row, t, "run_id", id);
        set(row, t, "epoch", e.epoch());
        set(row, t, "lr", e.lr());
        // A read-out of the evaluation set only leaves the training-side columns null.
        boolean train = e.trainMeasured();
        set(row, t, "train_loss", train ? e.trainLoss() : null);
        set(row, t, "eval_loss", e.evalLoss());
        set(row, t, "grad_norms", train ? e.gradNorms().clone() : null);
        set(row, t, "max_sample_grad_norm", train ? e.maxSampleGradNorm() : null);
        List<LayerEpoch> layers = e.layers();
        if (!layers.isEmpty()) {
            LayerEpoch low = layers.get(0);
            set(row, t, "best_corr_eval", low.bestCorrEval().clone());
            set(row, t, "best_corr_train", train ? low.bestCorrTrain().clone() : null);
            set(row, t, "best_student_eval", low.bestStudentEval().clone());
            set(row, t, "mean_best_corr_eval", low.meanBestCorrEval());
            for (int k = 0; k < Thresholds.SUFFIXES.size(); k++) {
                set(row, t, "covered_train_" + Thresholds.SUFFIXES.get(k), train ? low.coveredTrain()[k] : null);
                set(row, t, "covered_eval_" + Thresholds.SUFFIXES.get(k), low.coveredEval()[k]);
            }
        }
        double[] means = new double[layers.size()];
        int[] c90 = new int[layers.size()];
        int[] c95 = new int[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            means[l] = layers.get(l).meanBestCorrEval();
            c90[l] = layers.get(l).coveredEval()[Thresholds.I95 - 1];
            c95[l] = layers.get(l).coveredEval()[Thresholds.I95];
        }
        set(row, t, "mean_best_corr_eval_layers", means);
        set(row, t, "covered_eval_090_layers", c90);
        set(row, t, "covered_eval_095_layers", c95);
        return row;
    }

    private static List<Object[]> nodeRows(String id, LayerFinal f, LayerEpoch le) {
        Table t = Schema.NODES;
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < f.teacherFanout().length; i++) {
            Object[] row = t.newRow();
            set(row, t, "run_id", id);
            set(row, t, "layer", f.layer());
            set(row, t, "teacher_node", i);
            set(row, t, "fanout_norm", f.teacherFanout()[i]);
            if (le != null && i < le.bestCorrEval().length) {
                set(row, t, "best_corr_eval", le.bestCorrEval()[i]);
                if (i < le.bestCorrTrain().length) {
                    set(row, t, "best_corr_train", le.bestCorrTrain()[i]);
                    set(row, t, "best_student_train", le.bestStudentTrain()[i]);
                }
                set(row, t, "best_student_eval", le.bestStudentEval()[i]);
            }
            if (f.corrEval() != null && i < f.corrEval().length) {
                int above = 0;
                for (double c : f.corrEval()[i]) {
                    if (c >= 0.95) {
                        above++;
                    }
                }
                set(row, t, "students_above_095", above);
            }
            if (f.bestAngle() != null) {
                set(row, t, "best_angle", f.bestAngle()[i]);
                set(row, t, "best_angle_student", f.bestAngleStudent()[i]);
            }
            if (f.firstEpoch() != null && i < f.firstEpoch().length) {
                for (int k = 0; k < Thresholds.SUFFIXES.size(); k++) {
                    int e = f.firstEpoch()[i][k];
                    set(row, t, "first_epoch_" + Thresholds.SUFFIXES.get(k), e == LayerFinal.NEVER ? null : e);
                }
            }
            out.add(row);
        }
        return out;
    }

    private static List<Object[]> studentRows(String id, LayerFinal f) {
        Table t = Schema.STUDENTS;
        List<Object[]> out = new ArrayList<>();
        int n = f.studentFanout().length;
        for (int j = 0; j < n; j++) {
            Object[] row = t.newRow();
            set(row, t, "run_id", id);
            set(row, t, "layer", f.layer());
            set(row, t, "student_node", j);
            set(row, t, "fanout_norm", f.studentFanout()[j]);
            if (f.studentBestCorrEval() != null && j < f.studentBestCorrEval().length) {
                set(row, t, "best_corr_eval", f.studentBestCorrEval()[j]);
                set(row, t, "best_teacher_eval", f.studentBestTeacherEval()[j]);
            }
            out.add(row);
        }
        return out;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return v.length == 0 ? Double.NaN : m;
    }

    static void set(Object[] row, Table t, String column, Object value) {
        row[t.indexOf(column)] = value;
    }
}
