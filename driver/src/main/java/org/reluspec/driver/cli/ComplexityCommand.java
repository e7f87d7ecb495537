package org.reluspec.driver.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.reluspec.driver.UserError;
import org.reluspec.driver.complexity.ComplexityLoader;
import org.reluspec.driver.complexity.ComplexityPlan;
import org.reluspec.driver.complexity.ComplexitySearch;
import org.reluspec.driver.complexity.ComplexitySpec;
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
    static final String USAGE = """
            usage: bin/sweep complexity FILE.yaml [key=value ...] [options]
              --out DIR              results root (default results): DIR/<name>/{runs,...,complexity/}
              --master URL           Spark master (default local[*])
              --conf k=v             a Spark setting (repeatable)
              --threads N            threads per run (spark.task.cpus; the results do not depend on it)
              --progress MODE        auto, bar, lines, none (per round)
              --commit-every SECONDS, --batch-runs N, --compact-after N   commit policy, as for run
              --stop-after-rounds N  stop after N Spark jobs (the same command resumes)
              --plan                 print the plan (runs, core-hours) and exit; nothing runs or is written
              --verbose              Spark's INFO logs
            overrides: section.key=value, or the bare key when unambiguous (d=8,16 eps=0.2,0.1 seeds=8 lr=0.02)
            Re-running the same command resumes: committed probe runs are reused.
            """;

    private ComplexityCommand() {
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) throws IOException {
        if (Arrays.asList(argv).contains("--help") || Arrays.asList(argv).contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        Args args = Args.parse("complexity", argv, RunCommand.withSparkOptions("--stop-after-rounds"),
                Set.of("--verbose", "--plan"));
        String file = args.sweepFile(USAGE);
        String progressMode = RunCommand.progressMode(args);
        SparkSweep.Options options = RunCommand.sparkOptions(args, 0);
        Map<String, String> conf = options.conf();
        int maxRounds = args.intOption("--stop-after-rounds", 0, 0);
        ComplexitySpec spec = ComplexityLoader.load(file, args.overrides());
        if (args.flag("--plan")) {
            out.println("sample complexity " + spec.name() + ": " + spec.describe());
            out.print(ComplexityPlan.of(spec).table());
            return 0;
        }
        ResultsFolder folder = ResultsFolder.open(args.one("--out", "results"), spec.name(), HadoopConf.of(conf));
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

    private static int search(ComplexitySpec spec, ResultsFolder folder, SparkSweep.Options options,
                              String progressMode, int maxRounds, PrintStream out, PrintStream err) throws IOException {
        SparkContext[] sc = new SparkContext[1];
        String[] jobError = new String[1];
        long start = System.nanoTime();
        ComplexitySearch.Result r;
        try {
            r = ComplexitySearch.run(spec, folder, plan -> {
                if (sc[0] == null) {
                    sc[0] = SparkSweep.start(spec.name(), options, out);
                }
                SparkSweep.Outcome o;
                try (Progress progress = Progress.forOutput(progressMode, out)) {
                    o = SparkSweep.run(sc[0], plan, folder, options, progress, Version.code());
                }
                out.printf(Locale.ROOT, "  committed %d runs (%d ok, %d diverged, %d failed) in %s%n", o.committed(),
                        o.ok(), o.diverged(), o.failed(), Format.duration(o.seconds()));
                jobError[0] = o.jobError();
                return o.jobError() == null && !o.interrupted();
            }, maxRounds, out);
        } finally {
            if (sc[0] != null) {
                sc[0].stop();
            }
        }
        out.println();
        out.print(ComplexitySearch.table(spec, r.cells()));
        int seeds = spec.seeds().size();
        out.printf(Locale.ROOT, "%d rounds this session, %d runs trained, %s; the probes use %d runs; a full scan "
                        + "of the same N lattice needs %d over the probed ranges, %d from the smallest N to max%n",
                r.rounds(), r.trained(), Format.duration((System.nanoTime() - start) * 1e-9), r.runsUsed(seeds),
                r.fullGridRuns(seeds), r.fullRangeRuns(seeds));
        if (jobError[0] != null) {
            err.println("error: the Spark job stopped: " + jobError[0]);
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
        out.print(ComplexitySearch.theoremTable(spec, folder));
        out.println("tables: " + folder.root() + "/complexity/{probes,cells,fit,theorem}");
        return 0;
    }
}
