package org.reluspec.driver.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.StopReason;

/**
 * {@code sweep bench finish}: per run, the time to the theory's gradient target
 * eps / (K^1.5 sqrt(d)) with the finishing phase against SGD alone on the same cells, seeds and
 * training sets (the two cells), and the dense against the matrix-free solver on students
 * of growing size (what {@code finish=auto}'s limit rests on). Prints tables; times are wall
 * seconds of one thread, so compare the ratios measured in one command.
 */
public final class FinishBenchCommand {
    private record Cell(String label, int d, int m, int multi, double eps, int n) {
        double target() {
            int k = m * (1 + multi);
            return eps / (Math.pow(k, 1.5) * Math.sqrt(d));
        }

        Map<String, Object> values(int seed) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("d", d);
            v.put("m", m);
            v.put("multi", multi);
            v.put("c", 10);
            v.put("N_train", n);
            v.put("N_eval", 1000);
            v.put("theory_suggest_train", true);
            v.put("use_sgd", true);
            v.put("batchsize", 16);
            v.put("lr", "0.01");
            v.put("teacher_strength_decay", 0.0);
            v.put("stop_grad_norm", target());
            v.put("seed", seed);
            return v;
        }
    }

    private record Mode(String label, Map<String, Object> values) {
    }

    static final CommandSyntax SYNTAX = new CommandSyntax("bench finish", CommandSyntax.Operands.NONE, List.of(
            Option.integer("--seeds", "S", 1, "seeds per cell (default 4)"),
            Option.integer("--sgd-epochs", "E", 1, "epochs of 2000 steps of SGD alone (default 50)"),
            Option.flag("--no-solvers", "leave out the dense against matrix-free solver table")), "");

    private FinishBenchCommand() {
    }

    static int run(String[] argv, PrintStream out) {
        CommandLine args = SYNTAX.parse(argv);
        if (args.help()) {
            return SYNTAX.printUsage(out);
        }
        int seeds = args.integer("--seeds", 4);
        int sgdEpochs = args.integer("--sgd-epochs", 50);
        boolean solvers = !args.given("--no-solvers");
        List<Cell> cells = List.of(new Cell("d=16 m=2 multi=2 eps=0.1", 16, 2, 2, 0.1, 600),
                new Cell("d=32 m=4 multi=2 eps=0.05", 32, 4, 2, 0.05, 2400));
        List<Mode> modes = List.of(
                new Mode("sgd alone", Map.of("num_epoch", sgdEpochs, "num_iter_per_epoch", 2000)),
                new Mode("sgd 4k + lm", Map.of("num_epoch", 2, "num_iter_per_epoch", 2000,
                        "finish", "levenberg_marquardt")),
                new Mode("sgd 4k + gn-cg", Map.of("num_epoch", 2, "num_iter_per_epoch", 2000,
                        "finish", "gauss_newton_cg")),
                new Mode("lm from start", Map.of("num_epoch", 1, "num_iter_per_epoch", 1,
                        "finish", "levenberg_marquardt", "finish_from_start", true)));
        out.printf(Locale.ROOT, "time to the target eps / (K^1.5 sqrt(d)), %d seeds per cell, theory data, c=10, "
                + "batch 16, lr 0.01; median over the runs that reached it%n", seeds);
        out.printf(Locale.ROOT, "%-26s %-15s %9s %8s %8s %8s %10s %9s %11s%n", "cell", "mode", "reached", "stalled",
                "budget", "median s", "vs sgd", "SGD steps", "finish its");
        for (Cell c : cells) {
            double sgdMedian = Double.NaN;
            for (Mode mode : modes) {
                List<RunResult> rs = new ArrayList<>();
                for (int seed = 1; seed <= seeds; seed++) {
                    Map<String, Object> v = c.values(seed);
                    v.putAll(mode.values());
                    rs.add(Runner.run(RunSpec.resolve(v)));
                }
                double[] reached = rs.stream().filter(r -> r.stoppedBy() == StopReason.GRADIENT_TARGET)
                        .mapToDouble(RunResult::wallSeconds).sorted().toArray();
                double median = reached.length == 0 ? Double.NaN : median(reached);
                if (mode.label().equals("sgd alone")) {
                    sgdMedian = median;
                }
                long stalled = rs.stream().filter(r -> r.stoppedBy() == StopReason.STALLED).count();
                long budget = rs.stream().filter(r -> r.stoppedBy() == StopReason.BUDGET).count();
                double steps = median(rs.stream().mapToDouble(RunResult::steps).sorted().toArray());
                double its = median(rs.stream().mapToDouble(RunResult::finishIterations).sorted().toArray());
                String ratio = Double.isNaN(sgdMedian) || Double.isNaN(median) ? (mode.label().equals("sgd alone")
                        ? "1" : "sgd never") : String.format(Locale.ROOT, "%.1fx", sgdMedian / median);
                out.printf(Locale.ROOT, "%-26s %-15s %5d/%-3d %8d %8d %8.2f %10s %9.0f %11.0f%n", c.label(), mode.label(),
                        reached.length, rs.size(), stalled, budget, median, ratio, steps, its);
                out.flush();
            }
        }
        if (solvers) {
            out.printf(Locale.ROOT, "%ndense Levenberg-Marquardt against matrix-free Gauss-Newton-CG, the same "
                    + "start (2 x 2000 SGD steps), N=1500, target 1e-9, seed 1, at most 30 steps%n");
            out.printf(Locale.ROOT, "%-24s %7s %-20s %10s %8s %10s %10s%n", "student", "weights", "solver", "ended",
                    "its", "finish s", "max|g_i|");
            int[][] sizes = {{16, 2, 2}, {32, 4, 2}, {48, 6, 2}, {64, 8, 2}, {64, 8, 4}};
            for (int[] s : sizes) {
                int weights = s[1] * s[2] * (s[0] + 1) + (s[1] * s[2] + 1) * 10;
                for (String solver : List.of("levenberg_marquardt", "gauss_newton_cg")) {
                    Map<String, Object> v = new Cell("", s[0], s[1], s[2], 0.1, 1500).values(1);
                    v.put("stop_grad_norm", 1e-9);
                    v.put("num_epoch", 2);
                    v.put("num_iter_per_epoch", 2000);
                    v.put("finish", solver);
                    v.put("finish_iterations", 30);
                    RunResult r = Runner.run(RunSpec.resolve(v));
                    out.printf(Locale.ROOT, "%-24s %7d %-20s %10s %8d %10.2f %10.2e%n",
                            "d=" + s[0] + " m=" + s[1] + " multi=" + s[2], weights, solver, r.stoppedBy().key(),
                            r.finishIterations(), r.finishSeconds(), r.last().maxSampleGradNorm());
                    out.flush();
                }
            }
        }
        return 0;
    }

    private static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double[] s = sorted.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
