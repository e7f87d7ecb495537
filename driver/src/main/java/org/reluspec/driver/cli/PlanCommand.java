package org.reluspec.driver.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.reluspec.driver.UserError;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.plan.CostModel;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.plan.PlannedRun;
import org.reluspec.driver.progress.Format;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.SweepSpec;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.params.RunSpec;

/** {@code sweep plan SWEEP [overrides] [--out DIR]}: size, done, cost and largest runs, nothing run. */
public final class PlanCommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("plan",
            CommandSyntax.Operands.SWEEP_FILE, List.of(
                    Option.text("--out", "DIR", "results root to count runs already done (default results)"),
                    Option.text("--name", "NAME", "the sweep's name, i.e. its folder DIR/NAME (default: name: in the file)"),
                    Option.integer("--top", "N", 0, "largest runs listed (default 5)"),
                    Option.integer("--cores", "N", 1, "cores for the wall-time estimate (default: this machine's)"),
                    Option.integer("--threads", "N", 1, "threads per run (run --threads, spark.task.cpus; default 1)"),
                    Option.flag("--calibrate", "measure the engine's FLOP rate with a short run instead of the constant")),
            "");

    private PlanCommand() {
    }

    public static int run(String[] argv, PrintStream out) throws java.io.IOException {
        CommandLine args = SYNTAX.parse(argv);
        if (args.help()) {
            return SYNTAX.printUsage(out);
        }
        String file = args.path();
        SweepSpec spec = RunCommand.named(SweepLoader.load(file, args.overrides()), args);
        Grid grid = new Grid(spec);
        long t0 = System.nanoTime();
        Plan plan = Plan.of(grid, Set.of());
        double planSeconds = (System.nanoTime() - t0) * 1e-9;
        String outRoot = args.text("--out", "results");
        ResultsFolder folder = ResultsFolder.open(outRoot, spec.name(), HadoopConf.of(Map.of()));
        String doneText;
        try {
            Set<String> done = folder.check(null);
            RunCommand.sweepYaml(folder, spec);
            plan = plan.withCommitted(done);
            doneText = folder.exists() ? plan.done() + " (reused from " + folder.root() + ", which holds " + done.size()
                    + " runs)" : "0 (" + folder.root() + " does not exist yet)";
        } catch (UserError e) {
            doneText = "? (" + e.getMessage() + ")";
        }
        int cores = args.integer("--cores", Runtime.getRuntime().availableProcessors());
        int threads = args.integer("--threads", 1);
        double rate = args.given("--calibrate") ? calibrate(out) : CostModel.flopRate();

        out.printf(Locale.ROOT, "sweep %s (%s) from %s%n", spec.name(), spec.experiment().key(), file);
        out.printf(Locale.ROOT, "%d runs%n", plan.all().size());
        List<String> axes = new ArrayList<>();
        spec.axes().forEach((k, v) -> axes.add(k + " (" + v.size() + ")"));
        out.printf(Locale.ROOT, "grid: %s%n", axes.isEmpty() ? "a single run" : String.join(" x ", axes));
        out.printf(Locale.ROOT, "already done: %s%n", doneText);
        out.printf(Locale.ROOT, "to run: %d runs, estimated %s; %s of core time (%s), about %s on %d cores"
                        + " with %d thread%s per run%n", plan.todo().size(), Format.flops(plan.todoFlops()),
                Format.duration(plan.todoCoreSeconds(rate)), rates(spec, rate),
                Format.duration(plan.todoWallSeconds(rate, cores, threads)), cores, threads, threads == 1 ? "" : "s");
        List<PlannedRun> onCluster = plan.todoOnCluster();
        if (!onCluster.isEmpty()) {
            // Not spread over the task slots: each has the whole cluster, alone, after the tasks.
            out.printf(Locale.ROOT, "  of which %d on the whole cluster (engine=dl4j-spark), one after another after"
                            + " the tasks: about %s for %s of core time (each run's workers on at most %d task"
                            + " slots, plus %d averaging rounds of about %.2f s; core time at the native engine's"
                            + " rate)%n", onCluster.size(),
                    Format.duration(plan.todoClusterWallSeconds(rate, cores, threads)),
                    Format.duration(onCluster.stream().mapToDouble(r -> r.coreSeconds(rate)).sum()),
                    Math.max(1, cores / threads), onCluster.stream().mapToLong(PlannedRun::averagingRounds).sum(),
                    CostModel.AVERAGING_ROUND_SECONDS);
        }
        out.printf(Locale.ROOT, "whole sweep: %s (planned in %.2f s)%n", Format.flops(plan.totalFlops()), planSeconds);
        int top = args.integer("--top", 5);
        if (top > 0 && !plan.all().isEmpty()) {
            out.println("largest runs:");
            out.printf(Locale.ROOT, "  %-16s  %12s  %10s  %10s  %s%n", "run_id", "est. FLOP", "core-time",
                    "wall (" + threads + "t)", "grid point");
            for (PlannedRun r : plan.all().subList(0, Math.min(top, plan.all().size()))) {
                out.printf(Locale.ROOT, "  %-16s  %12s  %10s  %10s  %s%n", r.runId(),
                        Format.flops(r.flops()).replace("FLOP", ""), Format.duration(r.coreSeconds(rate)),
                        Format.duration(r.onWholeCluster()
                                ? CostModel.clusterWallSeconds(r.coreSeconds(rate), r.clusterWorkers(),
                                        r.averagingRounds(), Math.max(1, cores / threads))
                                : CostModel.wallSeconds(r.coreSeconds(rate), threads)), grid.describe(r.index()));
            }
        }
        return 0;
    }

    /** The rates behind the estimate, as a note. */
    private static String rates(SweepSpec spec, double twoLayerRate) {
        return spec.experiment() == org.reluspec.jobs.params.Experiment.MULTI_LAYER
                ? String.format(Locale.ROOT, "multi-layer model: %.0f GFLOP/s per core double, %.0f float at the paper's"
                        + " width", CostModel.MULTI_LAYER_RATE_DOUBLE / 1e9, CostModel.MULTI_LAYER_RATE_FLOAT / 1e9)
                : String.format(Locale.ROOT, "at %.2f GFLOP/s per core", twoLayerRate / 1e9);
    }

    /** FLOP/s of one core on a short fixed run (after a warm-up run). */
    public static double calibrate(PrintStream out) {
        RunSpec spec = RunSpec.resolve(Map.of("d", 20, "m", 10, "multi", 5, "c", 20, "N_train", 2000,
                "N_eval", 2000, "num_epoch", 4, "num_iter_per_epoch", 1000, "batchsize", 16, "use_sgd", true));
        Runner.run(spec.with("num_epoch", 1));
        long t = System.nanoTime();
        Runner.run(spec);
        double secs = (System.nanoTime() - t) * 1e-9;
        double rate = CostModel.flops(spec) / secs;
        out.printf(Locale.ROOT, "calibration: %s in %.2f s: %.2f GFLOP/s per core%n",
                Format.flops(CostModel.flops(spec)), secs, rate / 1e9);
        return rate;
    }
}
