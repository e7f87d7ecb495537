package org.reluspec.driver.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.progress.Progress;

/**
 * Runs a plan on Spark: one task per run (longest first), results streamed back to the driver
 * as each task ends, committed to the results folder in bounded batches while the job goes on,
 * small commits compacted as they pile up. The configuration is {@link SparkSetup}'s, the job
 * {@link SweepJob}'s, the commits {@link CommitLoop}'s.
 */
public final class SparkSweep {

    /**
     * How to run. {@code master} null: spark-submit's, else local[*]. {@code commitSeconds}: a
     * finished run waits at most this long before its batch is committed; {@code batchRuns}:
     * most runs per commit; {@code compactFiles}: merge single commits once this many pile up;
     * {@code stopAfterCommits} (tests): cancel the job after that many commits (0: never);
     * {@code limits}: per-run time limit and fail-fast.
     */
    public record Options(String master, Map<String, String> conf, int batchRuns, double commitSeconds,
                          int compactFiles, int stopAfterCommits, boolean verbose, Limits limits) {
        public Options(String master, Map<String, String> conf, int batchRuns, double commitSeconds,
                       int compactFiles, int stopAfterCommits, boolean verbose) {
            this(master, conf, batchRuns, commitSeconds, compactFiles, stopAfterCommits, verbose, Limits.NONE);
        }

        public static Options defaults() {
            return new Options(null, Map.of(), 1000, 2.0, 32, 0, false);
        }

        public Options withConf(Map<String, String> c) {
            return new Options(master, c, batchRuns, commitSeconds, compactFiles, stopAfterCommits, verbose, limits);
        }

        public Options withMaster(String m) {
            return new Options(m, conf, batchRuns, commitSeconds, compactFiles, stopAfterCommits, verbose, limits);
        }

        public Options withLimits(Limits l) {
            return new Options(master, conf, batchRuns, commitSeconds, compactFiles, stopAfterCommits, verbose, l);
        }
    }

    /**
     * {@code runTimeoutSeconds}: a run still training after this long (checked after every epoch)
     * is stopped and recorded failed (0: no limit); {@code maxFailures}: after this many failed
     * runs the sweep stops, committing what finished (0: never).
     */
    public record Limits(double runTimeoutSeconds, int maxFailures) implements java.io.Serializable {
        public static final Limits NONE = new Limits(0, 0);
    }

    /**
     * What this session did. {@code jobError}: why the Spark job stopped early (null: it did not);
     * {@code failFast}: stopped by {@link Limits#maxFailures}; {@code signal}: the signal that
     * stopped it (SIGINT, SIGTERM; null: none).
     */
    public record Outcome(int committed, int ok, int diverged, int failed, int commits, boolean interrupted,
                          String jobError, double seconds, boolean failFast, String signal) {
    }

    private SparkSweep() {
    }

    public static Outcome run(Plan plan, ResultsFolder folder, Options o, Progress progress, PrintStream out,
                              String codeVersion) throws IOException {
        return run(plan, folder, o, progress, out, codeVersion, null);
    }

    /** As above; {@code stop} (may be null): a signal received stops the sweep after committing what finished. */
    public static Outcome run(Plan plan, ResultsFolder folder, Options o, Progress progress, PrintStream out,
                              String codeVersion, StopSignal stop) throws IOException {
        SparkContext sc = start(plan.grid().name(), o, out);
        try {
            return run(sc, plan, folder, o, progress, codeVersion, stop);
        } finally {
            sc.stop();
        }
    }

    /** Starts (or joins) the Spark context of a sweep and prints where it runs. */
    public static SparkContext start(String name, Options o, PrintStream out) {
        SparkContext sc = SparkContext.getOrCreate(SparkSetup.sparkConf("reluspec " + name, o));
        if (!o.verbose()) {
            sc.setLogLevel("WARN");
        }
        out.println("Spark " + sc.version() + ", master " + sc.master() + ", " + sc.defaultParallelism()
                + " task slots" + (sc.uiWebUrl().isDefined() ? ", UI " + sc.uiWebUrl().get() : ""));
        out.flush();
        return sc;
    }

    /** One Spark job over the plan's runs still to do, in a context the caller owns (and stops). */
    public static Outcome run(SparkContext sc, Plan plan, ResultsFolder folder, Options o, Progress progress,
                              String codeVersion) throws IOException {
        return run(sc, plan, folder, o, progress, codeVersion, null);
    }

    static Outcome run(SparkContext sc, Plan plan, ResultsFolder folder, Options o, Progress progress,
                       String codeVersion, StopSignal stop) throws IOException {
        long start = System.nanoTime();
        SweepJob job = SweepJob.submit(sc, plan, o.limits().runTimeoutSeconds(), codeVersion);
        return new CommitLoop(job, folder, o, progress, stop).run(start);
    }
}
