package org.reluspec.driver.output;

import java.util.ArrayList;
import java.util.List;
import org.reluspec.driver.output.Column.Kind;
import org.reluspec.driver.sweep.SweepSpec;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.Params;
import org.reluspec.jobs.run.Thresholds;

/**
 * The four result datasets and their columns. Parameter columns derive from the parameter
 * catalog (one column per parameter, same name). Bump {@link SweepSpec#FORMAT_VERSION} (the one
 * version of the results folder's format, its sweep.yaml and these columns) on any change, and
 * update docs/SCHEMA.md.
 */
public final class Schema {
    public static final Table RUNS = runs();
    public static final Table EPOCHS = epochs();
    public static final Table NODES = nodes();
    public static final Table STUDENTS = students();
    /** Commit order: {@code runs} last, because a run is committed when its runs file is in place. */
    public static final List<Table> ALL = List.of(NODES, EPOCHS, STUDENTS, RUNS);

    /** Sample-complexity search ({@code bin/sweep complexity}): OUT/name/complexity/&lt;table&gt;. */
    public static final Table PROBES = probes();
    public static final Table CELLS = cells();
    public static final Table FIT = fit();
    public static final Table THEOREM = theorem();
    public static final List<Table> COMPLEXITY = List.of(PROBES, CELLS, FIT, THEOREM);

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
        c.add(new Column("steps", Kind.LONG, "optimizer steps taken (SGD/GD; the finishing phase's: finish_steps)"));
        c.add(new Column("n_train_used", Kind.INT, "training set size actually used (N_train, rounded up by theory_suggest_train); not n_train: Spark column names are case-insensitive"));
        c.add(new Column("wall_seconds", Kind.DOUBLE, "wall time of the run in its task"));
        c.add(new Column("diverged_epoch", Kind.INT, "epoch at which NaN/inf appeared; null if not diverged"));
        c.add(new Column("stopped_by", Kind.STRING, "how training ended: gradient_target (max_sample_grad_norm <= stop_grad_norm), "
                + "stalled (target missed, and the full-batch gradient of the lowest layer <= 1e-3 * stop_grad_norm or the "
                + "finishing phase found no descent: a critical point that is not the theorem's regime), budget or diverged; "
                + "null if failed or written before this column"));
        c.add(new Column("finish_steps", Kind.INT, "Gauss-Newton steps the finishing phase took (0: none ran; its budget is finish_iterations)"));
        c.add(new Column("finish_seconds", Kind.DOUBLE, "wall time of the finishing phase"));
        c.add(new Column("full_grad_norm", Kind.DOUBLE, "full-batch gradient norm of the lowest layer at final_epoch (grad_norms[0])"));
        c.add(new Column("attempt", Kind.INT, "Spark task attempt that produced the row (0: first)"));
        c.add(new Column("code_version", Kind.STRING, "reluspec version (and git commit when known)"));
        c.add(new Column("schema_version", Kind.INT, "version of this schema (" + SweepSpec.FORMAT_VERSION + ")"));
        return new Table("runs", c);
    }

    private static void cellColumns(List<Column> c) {
        c.add(new Column("cell", Kind.STRING, "the cell, e.g. d=10 m=2 multi=2 eps=0.2 data=theory"));
        c.add(new Column("cell_index", Kind.INT, "index of the cell in the search (last axis fastest)"));
        c.add(new Column("d", Kind.INT, "input dimension"));
        c.add(new Column("m", Kind.INT, "teacher hidden nodes"));
        c.add(new Column("multi", Kind.INT, "over-realization (student: m * multi nodes)"));
        c.add(new Column("K", Kind.INT, "m + n = m * (1 + multi), the K of the bound"));
        c.add(new Column("eps", Kind.DOUBLE, "specialization tolerance (angle in radians, or 1 - corr)"));
        c.add(new Column("data", Kind.STRING, "theory (theory_suggest_train) or gaussian"));
        c.add(new Column("criterion", Kind.STRING, "angle or corr: what must be under eps for every teacher node"));
        c.add(new Column("grad_target", Kind.DOUBLE, "the runs' stop_grad_norm (0: train for the whole budget)"));
    }

    private static Table probes() {
        List<Column> c = new ArrayList<>();
        cellColumns(c);
        c.add(new Column("N", Kind.INT, "training set size of the probe (N_train; a multiple of 3m for theory data)"));
        c.add(new Column("step", Kind.INT, "the cell's search step that probed this N (0: the start)"));
        c.add(new Column("seed", Kind.INT, "the run's seed"));
        c.add(new Column("run_id", Kind.STRING, "the run (its read-outs are in runs/, nodes/, epochs/, students/)"));
        c.add(new Column("success", Kind.BOOL, "what N* counts: reached_target and specialized (with grad_target 0: specialized)"));
        c.add(new Column("reached_target", Kind.BOOL, "ok and max_sample_grad_norm <= grad_target (grad_target > 0): the theorem's hypothesis"));
        c.add(new Column("specialized", Kind.BOOL, "every lowest-layer teacher node specialized within eps (the theorem's conclusion)"));
        c.add(new Column("full_grad_norm", Kind.DOUBLE, "final full-batch gradient norm of the lowest layer"));
        c.add(new Column("status", Kind.STRING, "the run's status: ok, diverged or failed (diverged, failed: no success)"));
        c.add(new Column("stopped_by", Kind.STRING, "gradient_target (max per-sample gradient <= grad_target), stalled (missed it at a critical point: runs' stopped_by), budget or diverged; null if failed"));
        c.add(new Column("steps", Kind.LONG, "SGD steps taken"));
        c.add(new Column("max_sample_grad_norm", Kind.DOUBLE, "final largest per-sample gradient norm of the lowest layer"));
        c.add(new Column("worst_angle", Kind.DOUBLE, "largest over teacher nodes of the smallest angle (radians) to a student's (w, b)"));
        c.add(new Column("worst_corr", Kind.DOUBLE, "smallest over teacher nodes of the best eval correlation"));
        c.add(new Column("wall_seconds", Kind.DOUBLE, "wall time of the run"));
        return new Table("probes", c);
    }

    private static Table cells() {
        List<Column> c = new ArrayList<>();
        cellColumns(c);
        c.add(new Column("outcome", Kind.STRING, "found (bracketed), at_min (the smallest N succeeds), above_max (no N up to max succeeds), open"));
        c.add(new Column("n_star", Kind.INT, "smallest probed N whose success rate reaches 1 - delta (null unless found or at_min)"));
        c.add(new Column("bracket_low", Kind.INT, "largest probed N below n_star whose rate falls short (null: none)"));
        c.add(new Column("bracket_high", Kind.INT, "smallest probed N that succeeds (= n_star)"));
        c.add(new Column("resolution", Kind.DOUBLE, "bracket_high / bracket_low - 1 reached"));
        c.add(new Column("resolution_target", Kind.DOUBLE, "the requested relative resolution"));
        c.add(new Column("delta", Kind.DOUBLE, "N* needs a success rate >= 1 - delta"));
        c.add(new Column("seeds", Kind.INT, "seeds per probe"));
        c.add(new Column("probes", Kind.INT, "training set sizes probed"));
        c.add(new Column("runs_used", Kind.INT, "runs the search used for this cell (probes * seeds)"));
        c.add(new Column("full_grid_runs", Kind.INT, "runs of a full scan of the same N lattice over the probed range (seeds each)"));
        c.add(new Column("full_range_runs", Kind.INT, "runs of a full scan of the same N lattice from the smallest N to max (seeds each)"));
        c.add(new Column("n_probed", Kind.INT_ARRAY, "the N of every probe, in search order"));
        c.add(new Column("rates", Kind.DOUBLE_ARRAY, "success rate of every probe, same order"));
        c.add(new Column("bound", Kind.DOUBLE, "K^(5/2) d^3 / eps: the theorem's sample size without its constant"));
        c.add(new Column("n_theorem", Kind.INT, "smallest probed N from which (there and at every larger probed N) every run that reached the target specialized; null if none"));
        c.add(new Column("n_theorem_ratio", Kind.DOUBLE, "n_theorem / bound"));
        c.add(new Column("counterexamples", Kind.INT, "probe runs that reached the target without specializing (complexity/probes: reached_target and not specialized)"));
        return new Table("cells", c);
    }

    private static Table theorem() {
        List<Column> c = new ArrayList<>();
        cellColumns(c);
        c.add(new Column("N", Kind.INT, "a probed training set size of the cell"));
        c.add(new Column("bound_ratio", Kind.DOUBLE, "N / (K^(5/2) d^3 / eps)"));
        c.add(new Column("runs", Kind.INT, "committed runs at this N (the seeds)"));
        c.add(new Column("reached_target", Kind.INT, "runs that reached the gradient target (stopped_by gradient_target)"));
        c.add(new Column("specialized_reached", Kind.INT, "of those, runs with every teacher node specialized within eps"));
        c.add(new Column("specialized", Kind.INT, "runs specialized within eps, whether or not they reached the target"));
        c.add(new Column("stalled", Kind.INT, "runs that ended stalled"));
        c.add(new Column("budget", Kind.INT, "runs that ended at their budget"));
        c.add(new Column("diverged", Kind.INT, "runs that diverged"));
        c.add(new Column("failed", Kind.INT, "runs that failed"));
        c.add(new Column("all_reached_specialized", Kind.BOOL, "specialized_reached = reached_target (null: no run reached the target)"));
        return new Table("theorem", c);
    }

    private static Table fit() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("term", Kind.STRING, "intercept, log_K, log_d or log_inv_eps (log N* = sum of estimate * term)"));
        c.add(new Column("estimate", Kind.DOUBLE, "least-squares coefficient (null: the term does not vary over the cells)"));
        c.add(new Column("ci_low", Kind.DOUBLE, "bootstrap percentile interval over cells, lower end"));
        c.add(new Column("ci_high", Kind.DOUBLE, "bootstrap percentile interval over cells, upper end"));
        c.add(new Column("level", Kind.DOUBLE, "level of the interval (0.95)"));
        c.add(new Column("theory", Kind.DOUBLE, "exponent of the bound O(K^(5/2) d^3 / eps): 2.5, 3, 1 (null for the intercept)"));
        c.add(new Column("cells", Kind.INT, "cells in the fit (outcome found)"));
        c.add(new Column("bootstrap", Kind.INT, "bootstrap resamples used"));
        c.add(new Column("bootstrap_seed", Kind.LONG, "seed of the resampling (the fit is reproducible)"));
        c.add(new Column("r2", Kind.DOUBLE, "coefficient of determination of the fit"));
        return new Table("fit", c);
    }

    private static Table epochs() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("run_id", Kind.STRING, "the run"));
        c.add(new Column("epoch", Kind.INT, "-1 before training, then 0 .. num_epoch-1; the finishing phase's read-out follows with the next number"));
        c.add(new Column("lr", Kind.DOUBLE, "learning rate in force during the epoch (0 for the finishing phase's read-out)"));
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
