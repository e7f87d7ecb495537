package org.reluspec.driver.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.reluspec.driver.cli.PlanCommand;
import org.reluspec.driver.plan.CostModel;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.params.RunSpec;

/**
 * The paper's two-layer sweep, measured by its 12-run slice (one seed of every (m, multi) cell of
 * conf/two-layer.yaml, p = 0), once with every read-out (today's default) and once with the
 * read-outs the paper's figures need (evaluation set only, every 5 epochs), in one process:
 * CPU time per run, the sum, the wall time of the slice on 2 cores (longest first, as the sweep
 * schedules), that times 192 (the 2304-run sweep), and plan's estimate against the measurement.
 * Argument {@code --calibrate}: plan's rate measured in this process (as plan --calibrate does)
 * instead of its default.
 */
public final class ReadoutSliceBenchmark {
    private ReadoutSliceBenchmark() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        List<String> cheap = List.of("readout_train=false", "readout_every=5");
        List<String> base = List.of("teacher_strength_decay=0", "seed=1");
        List<String> withCheap = new ArrayList<>(base);
        withCheap.addAll(cheap);
        String file = Path.of("conf/two-layer.yaml").toFile().exists() ? "conf/two-layer.yaml" : "../conf/two-layer.yaml";
        Grid all = new Grid(SweepLoader.load(file, base));
        Grid figures = new Grid(SweepLoader.load(file, withCheap));
        // Warm the JIT on a small run of each kind.
        Runner.run(all.spec(0).with(java.util.Map.of("num_epoch", 3)));
        Runner.run(figures.spec(0).with(java.util.Map.of("num_epoch", 3)));
        out.printf(Locale.ROOT, "| %-3s | %-5s | %14s | %14s | %7s |%n", "m", "multi", "all read-outs s",
                "figures' s", "ratio");
        double[] a = new double[(int) all.size()];
        double[] b = new double[(int) all.size()];
        double estA = 0;
        double estB = 0;
        double rate = args.length > 0 && args[0].equals("--calibrate") ? PlanCommand.calibrate(out) : CostModel.flopRate();
        for (int i = 0; i < all.size(); i++) {
            RunSpec sa = all.spec(i);
            RunSpec sb = figures.spec(i);
            a[i] = cpuSeconds(sa);
            b[i] = cpuSeconds(sb);
            double ea = CostModel.coreSeconds(sa, rate);
            double eb = CostModel.coreSeconds(sb, rate);
            estA += ea;
            estB += eb;
            out.printf(Locale.ROOT, "| %-3d | %-5d | %14.2f | %14.2f | %6.2fx | plan %.2f / %.2f%n", sa.i("m"), sa.i("multi"),
                    a[i], b[i], a[i] / b[i], ea, eb);
        }
        double sumA = Arrays.stream(a).sum();
        double sumB = Arrays.stream(b).sum();
        out.printf(Locale.ROOT, "| %-9s | %14.2f | %14.2f | %6.2fx |%n", "sum", sumA, sumB, sumA / sumB);
        out.printf(Locale.ROOT, "| %-9s | %14.2f | %14.2f | %6.2fx |%n", "2 cores", twoCores(a), twoCores(b),
                twoCores(a) / twoCores(b));
        out.printf(Locale.ROOT, "| %-9s | %13.2fh | %13.2fh |         |%n", "x192 (h)", twoCores(a) * 192 / 3600,
                twoCores(b) * 192 / 3600);
        out.printf(Locale.ROOT, "| %-9s | %14.2f | %14.2f |         |%n", "plan s", estA, estB);
        out.printf(Locale.ROOT, "| %-9s | %13.2fx | %13.2fx |         |%n", "plan/meas", estA / sumA, estB / sumB);
    }

    /**
     * CPU seconds of one run on this thread: on a machine shared with other jobs this is what the
     * run would take on a core of its own (wall time also counts the time the core was lent out).
     */
    static double cpuSeconds(RunSpec spec) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long t = mx.getCurrentThreadCpuTime();
        Runner.run(spec);
        return (mx.getCurrentThreadCpuTime() - t) * 1e-9;
    }

    /** Wall time of the runs on two cores, longest first onto the less loaded core. */
    static double twoCores(double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        double c0 = 0;
        double c1 = 0;
        for (int i = sorted.length - 1; i >= 0; i--) {
            if (c0 <= c1) {
                c0 += sorted[i];
            } else {
                c1 += sorted[i];
            }
        }
        return Math.max(c0, c1);
    }
}
