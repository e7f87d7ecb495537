package org.reluspec.driver.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.plan.PlannedRun;
import org.reluspec.driver.progress.Progress;
import org.reluspec.driver.spark.RunTask;
import org.reluspec.driver.spark.SparkSweep;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.SweepSpec;

/**
 * Benchmarks of the driver (test scope; README.md, "Benchmarks", gives the command):
 * (1) Spark overhead: a sweep of 200 small runs, wall time against the sum of the same runs'
 * single-run times (measured in this JVM, warm) divided by the cores;
 * (2) planning a 100,000-run grid: time and driver heap held by the plan.
 */
public final class SweepBenchmark {
    static final String SMALL = """
            name: bench200
            experiment: two_layer
            fixed: {d: 10, m: 4, c: 5, N_train: 500, N_eval: 500, num_epoch: 5, num_iter_per_epoch: 200,
                    batchsize: 16, use_sgd: true}
            grid:
              multi: [1, 2, 5, 10]
              seed: range(1, 51)
            """;

    private SweepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        int cores = Runtime.getRuntime().availableProcessors();
        out.println("== planning a 100,000-run grid ==");
        planning(out);
        out.println("== Spark overhead, 200 small runs, local[" + cores + "] ==");
        overhead(out, cores);
    }

    static void planning(PrintStream out) {
        SweepSpec spec = SweepLoader.load(Path.of("conf/two-layer.yaml").toFile().exists()
                ? "conf/two-layer.yaml" : "../conf/two-layer.yaml", List.of("multi=range(1,11)", "m=10",
                "teacher_strength_decay=1", "seed=range(1,10001)"));
        var mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = mem.getHeapMemoryUsage().getUsed();
        long t = System.nanoTime();
        Plan plan = Plan.of(new Grid(spec), Set.of());
        double secs = (System.nanoTime() - t) * 1e-9;
        System.gc();
        long after = mem.getHeapMemoryUsage().getUsed();
        out.printf(Locale.ROOT, "| %-28s | %12s |%n", "measure", "value");
        out.printf(Locale.ROOT, "| %-28s | %12d |%n", "runs planned", plan.all().size());
        out.printf(Locale.ROOT, "| %-28s | %10.2f s |%n", "plan time (resolve+id+cost)", secs);
        out.printf(Locale.ROOT, "| %-28s | %9.1f MB |%n", "heap held by the plan", (after - before) / 1e6);
        out.printf(Locale.ROOT, "| %-28s | %9.1f MB |%n", "driver heap used after", after / 1e6);
    }

    static void overhead(PrintStream out, int cores) throws Exception {
        SweepSpec spec = SweepLoader.parse(SMALL, "bench200.yaml", List.of());
        Grid grid = new Grid(spec);
        Plan plan = Plan.of(grid, Set.of());
        RunTask task = new RunTask(grid, 1, "bench", null);
        for (int i = 0; i < 40; i++) {
            task.run(plan.all().get(i % plan.all().size()).index(), 0);
        }
        double sum = 0;
        for (PlannedRun r : plan.all()) {
            long t = System.nanoTime();
            task.run(r.index(), 0);
            sum += (System.nanoTime() - t) * 1e-9;
        }
        Path dir = Files.createTempDirectory("reluspec-bench");
        ResultsFolder folder = ResultsFolder.open(dir.toString(), spec.name(), new Configuration());
        folder.check(spec.canonicalBody(plan.all().size()));
        folder.prepare(spec.toYaml(plan.all().size()));
        SparkSweep.Options o = SparkSweep.Options.defaults().withMaster("local[" + cores + "]")
                .withConf(Map.of("spark.ui.enabled", "false"));
        long t = System.nanoTime();
        SparkSweep.Outcome outcome;
        try (Progress p = Progress.forOutput("none", out)) {
            outcome = SparkSweep.run(plan, folder, o, p, new PrintStream(PrintStream.nullOutputStream()), "bench");
        }
        double wall = (System.nanoTime() - t) * 1e-9;
        double ideal = sum / cores;
        out.printf(Locale.ROOT, "| %-40s | %10s |%n", "measure", "value");
        out.printf(Locale.ROOT, "| %-40s | %10d |%n", "runs", outcome.committed());
        out.printf(Locale.ROOT, "| %-40s | %8.2f s |%n", "sum of single-run times (1 core, warm)", sum);
        out.printf(Locale.ROOT, "| %-40s | %8.2f s |%n", "ideal wall = sum / " + cores + " cores", ideal);
        out.printf(Locale.ROOT, "| %-40s | %8.2f s |%n", "sweep wall (Spark start + job + commits)", wall);
        out.printf(Locale.ROOT, "| %-40s | %8.2f s |%n", "of which inside the job loop", outcome.seconds());
        out.printf(Locale.ROOT, "| %-40s | %8.2f   |%n", "ratio wall / ideal", wall / ideal);
        out.printf(Locale.ROOT, "| %-40s | %8d   |%n", "commits", outcome.commits());
    }
}
