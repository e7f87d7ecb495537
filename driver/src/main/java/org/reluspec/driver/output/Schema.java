package org.reluspec.driver.output;

import java.util.ArrayList;
import java.util.List;
import org.reluspec.driver.output.Column.Kind;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.Params;
import org.reluspec.jobs.run.Thresholds;

/**
 * The four result datasets and their columns. Parameter columns derive from the parameter
 * catalog (one column per parameter, same name). Bump {@link #VERSION} on any change, and
 * update docs/SCHEMA.md.
 */
public final class Schema {
    public static final int VERSION = 1;

    public static final Table RUNS = runs();
    public static final Table EPOCHS = epochs();
    public static final Table NODES = nodes();
    public static final Table STUDENTS = students();
    /** Commit order: {@code runs} last, because a run is committed when its runs file is in place. */
    public static final List<Table> ALL = List.of(NODES, EPOCHS, STUDENTS, RUNS);

    private Schema() {
    }

    public static Kind kindOf(Param p) {
        return switch (p.type()) {
            case INT -> Kind.INT;
            case DOUBLE -> Kind.DOUBLE;
            case BOOL -> Kind.BOOL;
            case CHOICE, LR_SCHEDULE -> Kind.STRING;
            case INT_LIST -> Kind.INT_ARRAY;
        };
    }

    private static Table runs() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("run_id", Kind.STRING, "stable id: SHA-256 of the canonical resolved parameters (16 hex)"));
        c.add(new Column("sweep", Kind.STRING, "sweep name (the results folder)"));
        c.add(new Column("grid_index", Kind.LONG, "index of the grid point in the sweep (last axis fastest)"));
        c.add(new Column("status", Kind.STRING, "ok, diverged (NaN/inf appeared: a result) or failed (threw)"));
        c.add(new Column("error", Kind.STRING, "failed runs: the exception and its message; null otherwise"));
        for (Param p : Params.all()) {
            c.add(new Column(p.name(), kindOf(p), "parameter: " + p.doc() + " (null where it does not apply)"));
        }
        c.add(new Column("final_epoch", Kind.INT, "last epoch with finite read-outs (-1: before training)"));
        c.add(new Column("initial_eval_loss", Kind.DOUBLE, "evaluation MSE before training"));
        c.add(new Column("final_train_loss", Kind.DOUBLE, "training MSE at final_epoch"));
        c.add(new Column("final_eval_loss", Kind.DOUBLE, "evaluation MSE at final_epoch"));
        c.add(new Column("grad_norms", Kind.DOUBLE_ARRAY, "full-batch gradient norm per weight layer at final_epoch, lowest first"));
        c.add(new Column("max_sample_grad_norm", Kind.DOUBLE, "largest per-sample gradient norm of the lowest layer at final_epoch"));
        c.add(new Column("teacher_nodes", Kind.INT_ARRAY, "teacher nodes per hidden layer"));
        c.add(new Column("mean_best_corr_eval", Kind.DOUBLE, "lowest layer: mean over teacher nodes of the best eval correlation"));
        c.add(new Column("min_best_corr_eval", Kind.DOUBLE, "lowest layer: min over teacher nodes of the best eval correlation"));
        for (String t : Thresholds.SUFFIXES) {
            c.add(new Column("covered_train_" + t, Kind.INT, "lowest layer: teacher nodes with a student above 0." + t.substring(1) + " (training data)"));
            c.add(new Column("covered_eval_" + t, Kind.INT, "lowest layer: teacher nodes with a student above 0." + t.substring(1) + " (evaluation data)"));
        }
        for (String t : Thresholds.SUFFIXES) {
            c.add(new Column("covered_eval_" + t + "_layers", Kind.INT_ARRAY, "covered_eval_" + t + " per hidden layer, lowest first"));
        }
        c.add(new Column("steps", Kind.LONG, "optimizer steps taken"));
        c.add(new Column("n_train_used", Kind.INT, "training set size actually used (N_train, rounded up by theory_suggest_train); not n_train: Spark column names are case-insensitive"));
        c.add(new Column("wall_seconds", Kind.DOUBLE, "wall time of the run in its task"));
        c.add(new Column("diverged_epoch", Kind.INT, "epoch at which NaN/inf appeared; null if not diverged"));
        c.add(new Column("attempt", Kind.INT, "Spark task attempt that produced the row (0: first)"));
        c.add(new Column("code_version", Kind.STRING, "reluspec version (and git commit when known)"));
        c.add(new Column("schema_version", Kind.INT, "version of this schema (" + VERSION + ")"));
        return new Table("runs", c);
    }

    private static Table epochs() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("run_id", Kind.STRING, "the run"));
        c.add(new Column("epoch", Kind.INT, "-1 before training, then 0 .. num_epoch-1"));
        c.add(new Column("lr", Kind.DOUBLE, "learning rate in force during the epoch"));
        c.add(new Column("train_loss", Kind.DOUBLE, "training MSE"));
        c.add(new Column("eval_loss", Kind.DOUBLE, "evaluation MSE"));
        c.add(new Column("grad_norms", Kind.DOUBLE_ARRAY, "full-batch gradient norm per weight layer, lowest first"));
        c.add(new Column("max_sample_grad_norm", Kind.DOUBLE, "largest per-sample gradient norm of the lowest layer"));
        c.add(new Column("best_corr_eval", Kind.DOUBLE_ARRAY, "lowest layer: best eval correlation per teacher node"));
        c.add(new Column("best_corr_train", Kind.DOUBLE_ARRAY, "lowest layer: best training correlation per teacher node"));
        c.add(new Column("best_student_eval", Kind.INT_ARRAY, "lowest layer: best student per teacher node (eval)"));
        c.add(new Column("mean_best_corr_eval", Kind.DOUBLE, "lowest layer: mean of best_corr_eval"));
        for (String t : Thresholds.SUFFIXES) {
            c.add(new Column("covered_train_" + t, Kind.INT, "lowest layer: covered teacher nodes at 0." + t.substring(1) + " (training)"));
            c.add(new Column("covered_eval_" + t, Kind.INT, "lowest layer: covered teacher nodes at 0." + t.substring(1) + " (evaluation)"));
        }
        c.add(new Column("mean_best_corr_eval_layers", Kind.DOUBLE_ARRAY, "mean best eval correlation per hidden layer"));
        c.add(new Column("covered_eval_090_layers", Kind.INT_ARRAY, "covered teacher nodes at 0.9 per hidden layer (eval)"));
        c.add(new Column("covered_eval_095_layers", Kind.INT_ARRAY, "covered teacher nodes at 0.95 per hidden layer (eval)"));
        return new Table("epochs", c);
    }

    private static Table nodes() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("run_id", Kind.STRING, "the run"));
        c.add(new Column("layer", Kind.INT, "hidden layer, 0 = lowest"));
        c.add(new Column("teacher_node", Kind.INT, "teacher node index (two-layer: 0 is the strongest)"));
        c.add(new Column("fanout_norm", Kind.DOUBLE, "norm of the teacher node's fan-out weights"));
        c.add(new Column("best_corr_eval", Kind.DOUBLE, "final best correlation with any student (evaluation data)"));
        c.add(new Column("best_corr_train", Kind.DOUBLE, "final best correlation with any student (training data)"));
        c.add(new Column("best_student_eval", Kind.INT, "the student node of best_corr_eval"));
        c.add(new Column("best_student_train", Kind.INT, "the student node of best_corr_train"));
        c.add(new Column("students_above_095", Kind.INT, "student nodes with eval correlation >= 0.95"));
        c.add(new Column("best_angle", Kind.DOUBLE, "smallest angle (radians) to a student's (w, b); lowest layer only"));
        c.add(new Column("best_angle_student", Kind.INT, "the student node of best_angle; lowest layer only"));
        for (String t : Thresholds.SUFFIXES) {
            c.add(new Column("first_epoch_" + t, Kind.INT, "first epoch with eval correlation >= 0." + t.substring(1) + " (null: never)"));
        }
        return new Table("nodes", c);
    }

    private static Table students() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("run_id", Kind.STRING, "the run"));
        c.add(new Column("layer", Kind.INT, "hidden layer, 0 = lowest"));
        c.add(new Column("student_node", Kind.INT, "student node index"));
        c.add(new Column("best_corr_eval", Kind.DOUBLE, "final best eval correlation with any teacher node"));
        c.add(new Column("best_teacher_eval", Kind.INT, "the teacher node of best_corr_eval"));
        c.add(new Column("fanout_norm", Kind.DOUBLE, "norm of the student node's fan-out weights (L-shape figure: y)"));
        return new Table("students", c);
    }
}
