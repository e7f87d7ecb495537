package org.reluspec.driver.spark;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.RunRecord;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.plan.PlannedRun;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.output.Table;
import org.reluspec.driver.progress.Progress;
import org.reluspec.driver.progress.RunOutcome;
import org.reluspec.jobs.params.RunSpec;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs a plan on Spark: one task per run (longest first), results streamed back to the driver
 * as each task ends ({@code submitJob} with a result handler), committed to the results folder
 * in bounded batches while the job goes on, small commits compacted as they pile up.
 */
public final class SparkSweep {
    /** The Java 17 flags, when the launcher did not pass them (-Dreluspec.java17.opens). */
    static final String JAVA17_OPENS = "--add-modules=jdk.incubator.vector --add-opens=java.base/java.lang=ALL-UNNAMED"
            + " --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
            + " --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED"
            + " --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED"
            + " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
            + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
            + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED"
            + " --add-opens=java.base/sun.security.action=ALL-UNNAMED"
            + " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED";
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)\\])?");
    private static final Pattern LOCAL_F = Pattern.compile("local\\[(\\*|\\d+),\\s*(\\d+)\\]");
    private static final Pattern MASTER = Pattern.compile("local(\\[(\\*|\\d+)(,\\s*\\d+)?\\])?"
            + "|local-cluster\\[\\d+,\\s*\\d+,\\s*\\d+\\]|(spark|k8s|mesos)://\\S+|yarn");

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

    /** The Spark configuration of a sweep; also used by tests and the benchmark. */
    public static SparkConf sparkConf(String appName, Options o) {
        SparkConf conf = new SparkConf(true);
        conf.setIfMissing("spark.app.name", appName);
        if (o.master() != null) {
            conf.setMaster(o.master());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        o.conf().forEach(conf::set);
        int failures = conf.getInt("spark.task.maxFailures", 4);
        String master = conf.get("spark.master");
        Matcher local = LOCAL.matcher(master);
        if (local.matches()) {
            // Plain local mode never retries a task; local[N,F] does, F attempts.
            conf.setMaster("local[" + (local.group(1) == null ? "1" : local.group(1)) + "," + failures + "]");
        }
        boolean isLocal = conf.get("spark.master").startsWith("local");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.driver.maxResultSize", "0");
        conf.setIfMissing("spark.task.maxFailures", String.valueOf(failures));
        if (isLocal) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        } else if (!conf.contains("spark.jars")) {
            List<String> jars = codeJars();
            if (!jars.isEmpty()) {
                conf.set("spark.jars", String.join(",", jars));
            }
        }
        String opens = System.getProperty("reluspec.java17.opens", JAVA17_OPENS);
        String extra = conf.get("spark.executor.extraJavaOptions", "");
        if (!extra.contains("jdk.incubator.vector") || !extra.contains("--add-opens=java.base/java.lang=")) {
            conf.set("spark.executor.extraJavaOptions", (extra + " " + opens).trim());
        }
        return isLocal ? LoopbackConf.copyOf(conf) : conf;
    }

    /** A master URL that Spark knows, else a user error (checked before anything is written). */
    public static void checkMaster(String master) {
        if (master != null && !MASTER.matcher(master.trim()).matches()) {
            throw new org.reluspec.driver.cli.UserError("Spark master '" + master + "': expected local[*], local[N], "
                    + "spark://HOST:PORT, yarn, k8s://https://HOST:PORT or local-cluster[N,CORES,MB]");
        }
    }

    /** Attempts a task gets: F of local[N,F], else spark.task.maxFailures. */
    static int maxAttempts(SparkConf conf) {
        Matcher m = LOCAL_F.matcher(conf.get("spark.master"));
        if (m.matches()) {
            return Integer.parseInt(m.group(2));
        }
        return conf.getInt("spark.task.maxFailures", 4);
    }

    /** The jars holding the driver's and the engine's classes (executors need both). */
    static List<String> codeJars() {
        List<String> out = new ArrayList<>();
        List<Class<?>> classes = new ArrayList<>(List.of(SparkSweep.class, RunSpec.class));
        // Plug-in engines (engine=dl4j) found on this classpath travel to the executors too.
        java.util.ServiceLoader.load(org.reluspec.jobs.run.Engine.class).stream()
                .forEach(provider -> classes.add(provider.type()));
        for (Class<?> c : classes) {
            try {
                File f = new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (f.isFile() && !out.contains(f.getAbsolutePath())) {
                    out.add(f.getAbsolutePath());
                }
            } catch (Exception e) {
                // Not from a jar (e.g. classes folders in an IDE): local mode only.
            }
        }
        return out;
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
        SparkContext sc = SparkContext.getOrCreate(sparkConf("reluspec " + name, o));
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
        List<PlannedRun> todo = plan.todo();
        FaultHook fault = FaultHook.parse(sc.getConf().get(FaultHook.CONF, null));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        List<Long> indices = new ArrayList<>(todo.size());
        List<Object> partitions = new ArrayList<>(todo.size());
        for (int i = 0; i < todo.size(); i++) {
            indices.add(todo.get(i).index());
            partitions.add(i);
        }
        JavaRDD<Long> rdd = jsc.parallelize(indices, todo.size());
        LinkedBlockingQueue<RunRecord> queue = new LinkedBlockingQueue<>();
        RunTask task = new RunTask(plan.grid(), maxAttempts(sc.getConf()), codeVersion, fault,
                o.limits().runTimeoutSeconds());
        sc.setJobDescription(todo.size() + " runs of sweep " + plan.grid().name());
        @SuppressWarnings({"unchecked", "rawtypes"})
        SimpleFutureAction<BoxedUnit> job = sc.submitJob(rdd.rdd(), task,
                (scala.collection.Seq) JavaConverters.asScalaBuffer(partitions).toSeq(),
                new Collect(queue), new Done());
        return collect(sc, job, queue, folder, o, progress, todo.size(), start, stop);
    }

    private static Outcome collect(SparkContext sc, SimpleFutureAction<BoxedUnit> job,
                                   LinkedBlockingQueue<RunRecord> queue, ResultsFolder folder, Options o,
                                   Progress progress, int total, long start, StopSignal stop) throws IOException {
        Set<String> seen = new HashSet<>();
        List<RunRecord> buffer = new ArrayList<>();
        long oldest = 0;
        int done = 0;
        int ok = 0;
        int diverged = 0;
        int failed = 0;
        int commits = 0;
        int committed = 0;
        boolean interrupted = false;
        boolean failFast = false;
        String signal = null;
        progress.start(total, 0);
        while (true) {
            if (stop != null && stop.received() != null) {
                // Quiet from here: the cancelled tasks and the stopping context are expected, not errors.
                StopSignal.silenceLogging();
                signal = stop.received();
                job.cancel();
                interrupted = true;
                List<RunRecord> finished = new ArrayList<>();
                queue.drainTo(finished); // finished runs are committed, not lost
                for (RunRecord f : finished) {
                    if (seen.add(f.runId())) {
                        buffer.add(f);
                        switch (f.status()) {
                            case "ok" -> ok++;
                            case "diverged" -> diverged++;
                            default -> failed++;
                        }
                    }
                }
                if (!buffer.isEmpty()) {
                    folder.commit(buffer);
                    commits++;
                    committed += buffer.size();
                    buffer.clear();
                }
                break;
            }
            RunRecord r;
            try {
                r = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (r != null && seen.add(r.runId())) {
                if (buffer.isEmpty()) {
                    oldest = System.nanoTime();
                }
                buffer.add(r);
                done++;
                switch (r.status()) {
                    case "ok" -> ok++;
                    case "diverged" -> diverged++;
                    default -> failed++;
                }
                progress.finished(outcome(r));
                progress.update(done, diverged, failed);
            }
            failFast = o.limits().maxFailures() > 0 && failed >= o.limits().maxFailures();
            boolean finished = job.isCompleted() && queue.isEmpty();
            boolean due = !buffer.isEmpty() && (finished || failFast || buffer.size() >= o.batchRuns()
                    || (System.nanoTime() - oldest) * 1e-9 >= o.commitSeconds());
            // A due batch waits for the records already queued, but never grows past batchRuns.
            if (due && (queue.isEmpty() || failFast || buffer.size() >= o.batchRuns())) {
                folder.commit(buffer);
                commits++;
                committed += buffer.size();
                buffer.clear();
                folder.compact(o.compactFiles());
                if (o.stopAfterCommits() > 0 && commits >= o.stopAfterCommits()) {
                    job.cancel();
                    interrupted = true;
                    break;
                }
            }
            if (failFast && buffer.isEmpty() && !finished) {
                job.cancel();
                interrupted = true;
                break;
            }
            if (finished && buffer.isEmpty()) {
                failFast = false;
                break;
            }
        }
        progress.close();
        if (!interrupted) {
            folder.compact(2);
        }
        String jobError = null;
        if (!interrupted && job.value().isDefined() && job.value().get().isFailure()) {
            Throwable t = job.value().get().failed().get();
            jobError = String.valueOf(t.getMessage()).lines().findFirst().orElse(t.toString());
        }
        return new Outcome(committed, ok, diverged, failed, commits, interrupted, jobError,
                (System.nanoTime() - start) * 1e-9, failFast, signal);
    }

    /** What progress shows of a finished run. */
    private static RunOutcome outcome(RunRecord r) {
        Table t = Schema.RUNS;
        int[] teacher = (int[]) r.run()[t.indexOf("teacher_nodes")];
        return new RunOutcome(r.status(), (Integer) r.run()[t.indexOf("covered_eval_095")],
                teacher == null || teacher.length == 0 ? 0 : teacher[0],
                (Double) r.run()[t.indexOf("final_eval_loss")]);
    }

    /** Driver side: every finished task's record goes to the queue (called by Spark's scheduler). */
    private static final class Collect extends AbstractFunction2<Object, RunRecord, BoxedUnit> implements java.io.Serializable {
        private final transient LinkedBlockingQueue<RunRecord> queue;

        Collect(LinkedBlockingQueue<RunRecord> queue) {
            this.queue = queue;
        }

        @Override
        public BoxedUnit apply(Object index, RunRecord r) {
            queue.add(r);
            return BoxedUnit.UNIT;
        }
    }

    private static final class Done extends AbstractFunction0<BoxedUnit> implements java.io.Serializable {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }

    /** {@code k=v} strings of --conf into a map (later ones win). */
    public static Map<String, String> parseConf(List<String> items) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : items) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new org.reluspec.driver.cli.UserError("--conf " + kv + ": expected key=value");
            }
            out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return out;
    }
}
