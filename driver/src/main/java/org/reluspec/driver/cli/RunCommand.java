package org.reluspec.driver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Summary;
import org.reluspec.driver.plan.CostModel;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.progress.Format;
import org.reluspec.driver.progress.Progress;
import org.reluspec.driver.spark.FaultHook;
import org.reluspec.driver.spark.SparkSweep;
import org.reluspec.driver.spark.StopSignal;
import org.reluspec.driver.spark.TaskHeap;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.SweepSpec;

/**
 * {@code sweep run SWEEP [overrides] [--out DIR] [--master URL] [--conf k=v]}: validates the
 * sweep, every grid point and the results folder before anything is written or Spark starts,
 * then runs the runs not yet committed and prints the summary table.
 */
public final class RunCommand {
    public static final int EXIT_FAILED_RUNS = 3;
    public static final int EXIT_INTERRUPTED = 4;
    static final String USAGE = """
            usage: bin/sweep run SWEEP.yaml [key=value ...] [options]
              --out DIR              results root (default results; file://, hdfs://, s3a:// URIs work)
              --master URL           Spark master (default local[*]; spark://host:7077, yarn, k8s://...)
              --conf k=v             a Spark setting (repeatable), e.g. --conf spark.task.maxFailures=2
              --progress MODE        auto (bar on a terminal, lines otherwise), bar, lines, none
              --commit-every SECONDS a finished run waits at most this long to be committed (default 2)
              --batch-runs N         at most N runs per commit (default 1000)
              --compact-after N      merge single commits into one file once N pile up (default 32)
              --verbose              Spark's INFO logs
            Re-running the same command resumes: committed runs are skipped.
            """;

    private RunCommand() {
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        if (java.util.Arrays.asList(argv).contains("--help") || java.util.Arrays.asList(argv).contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        Args args = Args.parse("run", argv, withSparkOptions("--stop-after-commits"), Set.of("--verbose"));
        String file = args.sweepFile(USAGE);
        String progressMode = progressMode(args);
        SparkSweep.Options options = sparkOptions(args, args.intOption("--stop-after-commits", 0, 0));
        Map<String, String> conf = options.conf();

        SweepSpec spec = SweepLoader.load(file, args.overrides());
        Grid grid = new Grid(spec);
        String out0 = args.one("--out", "results");
        Configuration hadoop = HadoopConf.of(conf);
        ResultsFolder folder = ResultsFolder.open(out0, spec.name(), hadoop);
        // Validates every grid point (before the folder: a bad grid never touches the output).
        Plan plan0 = Plan.of(grid, Set.of());
        folder.refuseIfBusy();
        Set<String> committed;
        try {
            committed = folder.check(spec.canonicalBody(plan0.all().size()));
        } catch (UserError e) {
            folder.refuseIfBusy(); // a driver that started meanwhile: name it, not what it is writing
            throw e;
        }
        Plan plan = Plan.of(grid, committed);
        TaskHeap heap = TaskHeap.of(options);
        plan.checkMemory(heap.bytes(), heap.source());
        return execute(spec, plan, folder, options, progressMode, out, err);
    }

    /** Runs a validated plan (also the entry point of tests). */
    public static int execute(SweepSpec spec, Plan plan, ResultsFolder folder, SparkSweep.Options options,
                              String progressMode, PrintStream out, PrintStream err) throws IOException {
        int removed = folder.prepare(spec.toYaml(plan.all().size()), out::println);
        try {
            // Read again under the lock: another driver may have committed runs since the check.
            Plan locked = Plan.of(plan.grid(), folder.committedRunIds());
            return executeLocked(spec, locked, folder, options, progressMode, removed, out, err);
        } finally {
            folder.release();
        }
    }

    private static int executeLocked(SweepSpec spec, Plan plan, ResultsFolder folder, SparkSweep.Options options,
                                     String progressMode, int removed, PrintStream out, PrintStream err)
            throws IOException {
        out.printf(Locale.ROOT, "sweep %s (%s): %d runs, %d already done, %d to run -> %s%n", spec.name(),
                spec.experiment().key(), plan.all().size(), plan.done(), plan.todo().size(), folder.root());
        if (removed > 0) {
            out.println("removed " + removed + " files left by an interrupted commit");
        }
        int exit = 0;
        if (plan.todo().isEmpty()) {
            out.println("nothing to run: every run of this sweep is committed");
        } else {
            double rate = CostModel.flopRate();
            out.printf(Locale.ROOT, "estimated %s, %s of core time%n", Format.flops(plan.todoFlops()),
                    Format.duration(plan.todoFlops() / rate));
            out.flush();
            SparkSweep.Outcome o;
            try (StopSignal stop = StopSignal.install(EXIT_INTERRUPTED);
                 Progress progress = Progress.forOutput(progressMode, out)) {
                o = SparkSweep.run(plan, folder, options, progress, out, Version.code(), stop);
            }
            out.printf(Locale.ROOT, "committed %d runs in %d commits (%d ok, %d diverged, %d failed) in %s%n",
                    o.committed(), o.commits(), o.ok(), o.diverged(), o.failed(), Format.duration(o.seconds()));
            if (o.signal() != null) {
                out.printf(Locale.ROOT, "interrupted (%s): %d of %d runs of the sweep are committed; run the same"
                        + " command again to resume%n", o.signal(), plan.done() + o.committed(), plan.all().size());
                return EXIT_INTERRUPTED;
            }
            if (o.interrupted()) {
                out.println("stopped early (--stop-after-commits); run the same command again to resume");
                exit = EXIT_INTERRUPTED;
            } else if (o.jobError() != null) {
                err.println("error: the Spark job stopped: " + o.jobError());
                err.println("committed runs are kept; run the same command again to resume");
                exit = 1;
            }
        }
        out.println();
        out.print(Summary.table(folder, spec, 100));
        int[] counts = Summary.statusCounts(folder);
        if (exit == 0 && counts[2] > 0) {
            err.println("warning: " + counts[2] + " runs failed (status failed, error column in runs/)");
            exit = EXIT_FAILED_RUNS;
        }
        return exit;
    }

    /** The options of the Spark, commit and progress settings (run and complexity) plus {@code extra}. */
    static Set<String> withSparkOptions(String extra) {
        return Set.of("--out", "--master", "--conf", "--progress", "--commit-every", "--batch-runs",
                "--compact-after", extra);
    }

    static String progressMode(Args args) {
        String mode = args.one("--progress", "auto");
        if (!Set.of("auto", "bar", "lines", "none").contains(mode)) {
            throw new UserError("option --progress=" + mode + ": expected auto, bar, lines or none");
        }
        return mode;
    }

    /**
     * Spark settings (conf/spark-defaults.conf, then --conf), master and commit policy, checked
     * before anything is written.
     */
    static SparkSweep.Options sparkOptions(Args args, int stopAfterCommits) {
        Map<String, String> conf = new LinkedHashMap<>(sparkDefaults());
        conf.putAll(SparkSweep.parseConf(args.all("--conf")));
        SparkSweep.Options options = new SparkSweep.Options(args.one("--master", null), conf,
                args.intOption("--batch-runs", 1000, 1), args.doubleOption("--commit-every", 2.0, 0),
                args.intOption("--compact-after", 32, 2), stopAfterCommits, args.flag("--verbose"));
        FaultHook.parse(conf.get(FaultHook.CONF));
        String failures = conf.get("spark.task.maxFailures");
        if (failures != null && !failures.matches("[1-9]\\d{0,8}")) {
            throw new UserError("--conf spark.task.maxFailures=" + failures + ": expected a whole number >= 1");
        }
        SparkSweep.checkMaster(options.master() != null ? options.master() : conf.get("spark.master"));
        return options;
    }

    /** conf/spark-defaults.conf of the installation (bin/sweep passes its path), if any. */
    static Map<String, String> sparkDefaults() {
        Map<String, String> out = new LinkedHashMap<>();
        String path = System.getProperty("reluspec.sparkDefaults");
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            return out;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            p.load(in);
        } catch (IOException e) {
            throw new UserError(path + ": cannot read: " + e.getMessage());
        }
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }
}
