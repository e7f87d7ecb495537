package org.reluspec.driver.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.reluspec.driver.complexity.ComplexityLoader;
import org.reluspec.driver.complexity.ComplexityPlan;
import org.reluspec.driver.complexity.ComplexitySearch;
import org.reluspec.driver.complexity.ComplexitySpec;
import org.reluspec.driver.complexity.ComplexityTable;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.progress.Format;
import org.reluspec.driver.progress.Progress;
import org.reluspec.driver.spark.SparkSweep;

/**
 * {@code sweep complexity FILE [overrides] [options]}: the sample-complexity search. Validates
 * the file, every cell's run and the results folder before anything runs or is written; then one
 * Spark job per round over the probes of every open cell (one Spark context for the session);
 * prints the cells and the fit of the exponents next to the theory's.
 */
public final class ComplexityCommand {
    static final CommandSyntax SYNTAX = new CommandSyntax("complexity",
            new CommandSyntax.Operands("FILE.yaml", "sample-complexity file", true), RunCommand.withSparkOptions(
                    Option.integer("--stop-after-rounds", "N", 0, "stop after N Spark jobs (the same command resumes)"),
                    Option.flag("--plan", "print the plan (runs, core-hours) and exit; nothing runs or is written")),
            """
            results in DIR/<name>/{runs,...,complexity/}; --progress reports per round.
            overrides: section.key=value, or the bare key when unambiguous (d=8,16 eps=0.2,0.1 seeds=8 lr=0.02)
            Re-running the same command resumes: committed probe runs are reused.
            """);

    private ComplexityCommand() {
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        CommandLine args = SYNTAX.parse(argv);
        if (args.help()) {
            return SYNTAX.printUsage(out);
        }
        String progressMode = args.text("--progress", "auto");
        SparkSweep.Options options = RunCommand.sparkOptions(args, 0);
        Map<String, String> conf = options.conf();
        int maxRounds = args.integer("--stop-after-rounds", 0);
        ComplexitySpec spec = ComplexityLoader.load(args.path(), args.overrides());
        if (args.given("--plan")) {
            out.println("sample complexity " + spec.name() + ": " + spec.describe());
            out.print(ComplexityPlan.of(spec).table());
            return 0;
        }
        ResultsFolder folder = ResultsFolder.open(args.text("--out", "results"), spec.name(), HadoopConf.of(conf));
        folder.refuseIfBusy();
        try {
            folder.check(spec.canonicalBody());
        } catch (UserError e) {
            folder.refuseIfBusy();
            throw e;
        }
        return execute(spec, folder, options, progressMode, maxRounds, out, err);
    }

    /** Runs a validated search (also the entry point of tests). */
    public static int execute(ComplexitySpec spec, ResultsFolder folder, SparkSweep.Options options,
                              String progressMode, int maxRounds, PrintStream out, PrintStream err) throws IOException {
        out.println("sample complexity " + spec.name() + ": " + spec.describe() + " -> " + folder.root());
        out.print(ComplexityPlan.of(spec).table());
        int removed = folder.prepare(spec.toYaml(), out::println);
        try {
            if (removed > 0) {
                out.println("removed " + removed + " files left by an interrupted commit");
            }
            return search(spec, folder, options, progressMode, maxRounds, out, err);
        } finally {
            folder.release();
        }
    }

    /**
     * Runs each round of the search as one Spark job: the Spark context starts with the first
     * round and serves the session; the last job's error is kept for the exit status.
     */
    private static final class SparkRounds implements ComplexitySearch.Executor, AutoCloseable {
        private final ComplexitySpec spec;
        private final ResultsFolder folder;
        private final SparkSweep.Options options;
        private final String progressMode;
        private final PrintStream out;
        private SparkContext sc;
        private String jobError;

        SparkRounds(ComplexitySpec spec, ResultsFolder folder, SparkSweep.Options options, String progressMode,
                    PrintStream out) {
            this.spec = spec;
            this.folder = folder;
            this.options = options;
            this.progressMode = progressMode;
            this.out = out;
        }

        @Override
        public boolean run(Plan plan) throws IOException {
            if (sc == null) {
                sc = SparkSweep.start(spec.name(), options, out);
            }
            SparkSweep.Outcome o;
            try (Progress progress = Progress.forOutput(progressMode, out)) {
                o = SparkSweep.run(sc, plan, folder, options, progress, Version.code());
            }
            out.printf(Locale.ROOT, "  committed %d runs (%d ok, %d diverged, %d failed) in %s%n", o.committed(),
                    o.ok(), o.diverged(), o.failed(), Format.duration(o.seconds()));
            jobError = o.jobError();
            return o.jobError() == null && !o.interrupted();
        }

        /** Why the last Spark job stopped (null: it did not fail). */
        String jobError() {
            return jobError;
        }

        @Override
        public void close() {
            if (sc != null) {
                sc.stop();
            }
        }
    }

    private static int search(ComplexitySpec spec, ResultsFolder folder, SparkSweep.Options options,
                              String progressMode, int maxRounds, PrintStream out, PrintStream err) throws IOException {
        long start = System.nanoTime();
        ComplexitySearch.Result r;
        String jobError;
        try (SparkRounds rounds = new SparkRounds(spec, folder, options, progressMode, out)) {
            r = ComplexitySearch.run(spec, folder, rounds, maxRounds, out);
            jobError = rounds.jobError();
        }
        out.println();
        out.print(ComplexityTable.table(spec, r.cells()));
        int seeds = spec.seeds().size();
        out.printf(Locale.ROOT, "%d rounds this session, %d runs trained, %s; the probes use %d runs; a full scan "
                        + "of the same N lattice needs %d over the probed ranges, %d from the smallest N to max%n",
                r.rounds(), r.trained(), Format.duration((System.nanoTime() - start) * 1e-9), r.runsUsed(seeds),
                r.fullGridRuns(seeds), r.fullRangeRuns(seeds));
        if (jobError != null) {
            err.println("error: the Spark job stopped: " + jobError);
            err.println("committed runs are kept; run the same command again to resume");
            return 1;
        }
        if (!r.complete()) {
            out.println("stopped early (--stop-after-rounds); run the same command again to resume");
            return RunCommand.EXIT_INTERRUPTED;
        }
        out.println();
        if (r.fit() == null) {
            out.println("no fit: too few cells with a bracketed N* (need more cells than fitted terms)");
        } else {
            out.print(r.fit().table());
        }
        out.println();
        out.print(ComplexityTable.theoremTable(spec, folder));
        out.println("tables: " + folder.root() + "/complexity/{probes,cells,fit,theorem}");
        return 0;
    }
}
