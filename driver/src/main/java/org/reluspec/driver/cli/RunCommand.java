package org.reluspec.driver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.reluspec.driver.UserError;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Summary;
import org.reluspec.driver.plan.CostModel;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.progress.Format;
import org.reluspec.driver.progress.Progress;
import org.reluspec.driver.spark.FaultHook;
import org.reluspec.driver.spark.SparkSetup;
import org.reluspec.driver.spark.SparkSweep;
import org.reluspec.driver.spark.StopSignal;
import org.reluspec.driver.spark.TaskHeap;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepHistory;
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
    /** The Spark, commit and progress options of run and complexity. */
    static final List<Option> SPARK_OPTIONS = List.of(
            Option.text("--out", "DIR", "results root (default results; file://, hdfs://, s3a:// URIs work)"),
            Option.text("--master", "URL", "Spark master (default local[*]; spark://host:7077, yarn, k8s://...)"),
            Option.text("--conf", "k=v", "a Spark setting (repeatable), e.g. --conf spark.task.maxFailures=2")
                    .repeated(),
            Option.integer("--threads", "N", 1, "threads per run (spark.task.cpus; the results do not depend on it)"),
            Option.choice("--progress", List.of("auto", "bar", "lines", "none"),
                    "auto (bar on a terminal, lines otherwise), bar, lines, none"),
            Option.number("--commit-every", "SECONDS", 0, "a finished run waits at most this long to be committed"
                    + " (default 2)"),
            Option.integer("--batch-runs", "N", 1, "at most N runs per commit (default 1000)"),
            Option.integer("--compact-after", "N", 2, "merge single commits into one file once N pile up (default 32)"),
            Option.flag("--verbose", "Spark's INFO logs"));

    static final CommandSyntax SYNTAX = new CommandSyntax("run",
            CommandSyntax.Operands.SWEEP_FILE, withSparkOptions(
                    Option.text("--name", "NAME", "the sweep's name, i.e. its folder DIR/NAME (default: name: in the file)"),
                    Option.number("--run-timeout", "SECONDS", 0, "a run still training after this long (checked after each"
                            + " epoch) is\nstopped and recorded failed (default: no limit)"),
                    Option.integer("--max-failures", "N", 0, "stop the sweep after N failed runs, committing what finished"),
                    Option.flag("--retry-failed", "run this grid's failed runs again (their failed records are removed)"),
                    Option.integer("--stop-after-commits", "N", 0, "stop after N commits (the same command resumes)")),
            """
            Re-running the same command resumes: committed runs are skipped. Another grid of the same
            experiment (more seeds, a narrower grid, a new value) can run into the same folder: the runs
            already there are reused, only the new points run, and sweep.yaml keeps the history of grids.
            """);

    private RunCommand() {
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        CommandLine args = SYNTAX.parse(argv);
        if (args.help()) {
            return SYNTAX.printUsage(out);
        }
        String file = args.path();
        String progressMode = args.text("--progress", "auto");
        SparkSweep.Options options = sparkOptions(args, args.integer("--stop-after-commits", 0))
                .withLimits(new SparkSweep.Limits(args.number("--run-timeout", 0), args.integer("--max-failures", 0)));
        Map<String, String> conf = options.conf();

        SweepSpec spec = named(SweepLoader.load(file, args.overrides()), args);
        Grid grid = new Grid(spec);
        String out0 = args.text("--out", "results");
        Configuration hadoop = HadoopConf.of(conf);
        ResultsFolder folder = ResultsFolder.open(out0, spec.name(), hadoop);
        // Validates every grid point (before the folder: a bad grid never touches the output).
        Plan validated = Plan.of(grid, Set.of());
        folder.refuseIfBusy();
        Set<String> committed;
        try {
            committed = folder.check(null);
            sweepYaml(folder, spec);
        } catch (UserError e) {
            folder.refuseIfBusy(); // a driver that started meanwhile: name it, not what it is writing
            throw e;
        }
        Set<String> retry = Set.of();
        if (args.given("--retry-failed") && !committed.isEmpty()) {
            Set<String> failed = folder.failedRunIds();
            Set<String> inGrid = new java.util.HashSet<>();
            validated.all().forEach(r -> {
                if (failed.contains(r.runId())) {
                    inGrid.add(r.runId());
                }
            });
            committed = new java.util.HashSet<>(committed);
            committed.removeAll(inGrid);
            retry = inGrid;
        }
        Plan plan = validated.withCommitted(committed);
        TaskHeap heap = TaskHeap.of(options);
        plan.checkMemory(heap.bytes(), heap.source());
        return execute(spec, plan, folder, options, progressMode, out, err, retry);
    }

    /** The sweep file's spec, renamed by --name if given. */
    static SweepSpec named(SweepSpec spec, CommandLine args) {
        String name = args.text("--name", null);
        return name == null ? spec : SweepLoader.renamed(spec, name);
    }

    /** The folder's history of grids (null: no sweep.yaml yet). */
    static SweepHistory history(ResultsFolder folder) throws IOException {
        if (!folder.exists() || !folder.hasSpec()) {
            return null;
        }
        String where = folder.root() + "/" + ResultsFolder.SPEC_FILE;
        String yaml = folder.readSpec();
        if (yaml.lines().anyMatch(l -> l.startsWith("kind: "))) {
            throw new UserError("results folder " + folder.root() + " holds a sample-complexity search (bin/sweep"
                    + " complexity), not a sweep; choose another --out or another --name");
        }
        return SweepHistory.parse(yaml, where, folder.specTime());
    }

    /**
     * The sweep.yaml to write when {@code spec} runs into {@code folder}: its history, one grid
     * longer unless {@code spec} is the latest grid (then the file as it is). Another experiment's
     * folder is refused.
     */
    static String sweepYaml(ResultsFolder folder, SweepSpec spec) throws IOException {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        SweepHistory h = history(folder);
        if (h == null) {
            return new SweepHistory(List.of(new SweepHistory.Entry(now, Version.code(), spec))).toYaml();
        }
        SweepHistory next = h.with(spec, now, Version.code(), folder.root().toString());
        return next == h ? folder.readSpec() : next.toYaml();
    }

    /** Runs a validated plan (also the entry point of tests). */
    public static int execute(SweepSpec spec, Plan plan, ResultsFolder folder, SparkSweep.Options options,
                              String progressMode, PrintStream out, PrintStream err) throws IOException {
        return execute(spec, plan, folder, options, progressMode, out, err, Set.of());
    }

    /** Runs a validated plan; {@code retry}: failed runs in the folder to remove first and run again. */
    static int execute(SweepSpec spec, Plan plan, ResultsFolder folder, SparkSweep.Options options,
                       String progressMode, PrintStream out, PrintStream err, Set<String> retry) throws IOException {
        int removed = folder.prepare(sweepYaml(folder, spec), out::println);
        try {
            // Read again under the lock: another driver may have committed runs since the check.
            Set<String> committed = new java.util.HashSet<>(folder.committedRunIds());
            committed.removeAll(retry);
            Plan locked = plan.withCommitted(committed);
            return executeLocked(spec, locked, folder, options, progressMode, removed, out, err, retry);
        } finally {
            folder.release();
        }
    }

    private static int executeLocked(SweepSpec spec, Plan plan, ResultsFolder folder, SparkSweep.Options options,
                                     String progressMode, int removed, PrintStream out, PrintStream err,
                                     Set<String> retry) throws IOException {
        out.printf(Locale.ROOT, "sweep %s (%s): %d runs, %d already done, %d to run -> %s%n", spec.name(),
                spec.experiment().key(), plan.all().size(), plan.done(), plan.todo().size(), folder.root());
        if (removed > 0) {
            out.println("removed " + removed + " files left by an interrupted commit");
        }
        if (!retry.isEmpty()) {
            out.println("running " + folder.dropRuns(retry) + " failed runs again (--retry-failed; their failed"
                    + " records are removed)");
        }
        int exit = 0;
        if (plan.todo().isEmpty()) {
            out.println("nothing to run: every run of this grid is committed");
        } else {
            double rate = CostModel.flopRate();
            out.printf(Locale.ROOT, "estimated %s, %s of core time%n", Format.flops(plan.todoFlops()),
                    Format.duration(plan.todoCoreSeconds(rate)));
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
            if (o.failFast()) {
                err.printf(Locale.ROOT, "stopped after %d failed runs (--max-failures %d); the runs that finished"
                        + " are committed. See the error column of runs/ (bin/sweep show --where status=failed),"
                        + " then run again (--retry-failed runs the failed ones again)%n", o.failed(),
                        options.limits().maxFailures());
                exit = EXIT_FAILED_RUNS;
            } else if (o.interrupted()) {
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

    /** The Spark, commit and progress options (run and complexity) followed by {@code extra}. */
    static List<Option> withSparkOptions(Option... extra) {
        List<Option> all = new java.util.ArrayList<>(SPARK_OPTIONS);
        all.addAll(List.of(extra));
        return all;
    }

    /**
     * Spark settings (conf/spark-defaults.conf, then --conf), master and commit policy, checked
     * before anything is written.
     */
    static SparkSweep.Options sparkOptions(CommandLine args, int stopAfterCommits) {
        Map<String, String> conf = new LinkedHashMap<>(sparkDefaults());
        conf.putAll(SparkSetup.parseConf(args.all("--conf")));
        if (args.given("--threads")) {
            // Each run's Spark task gets that many cores and the run uses them all.
            conf.put("spark.task.cpus", Integer.toString(args.integer("--threads", 1)));
        }
        SparkSweep.Options options = new SparkSweep.Options(args.text("--master", null), conf,
                args.integer("--batch-runs", 1000), args.number("--commit-every", 2.0),
                args.integer("--compact-after", 32), stopAfterCommits, args.given("--verbose"));
        FaultHook.parse(conf.get(FaultHook.CONF));
        String failures = conf.get("spark.task.maxFailures");
        if (failures != null && !failures.matches("[1-9]\\d{0,8}")) {
            throw new UserError("--conf spark.task.maxFailures=" + failures + ": expected a whole number >= 1");
        }
        SparkSetup.checkMaster(options.master() != null ? options.master() : conf.get("spark.master"));
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
