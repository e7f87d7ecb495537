package org.reluspec.driver.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.reluspec.driver.cli.Main;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.output.Table;

/**
 * Driver JVMs in local mode ({@code Main run ... --master local[1]}), the process a user starts
 * with bin/sweep, for the tests of signals, kills and two drivers on one folder.
 */
final class LocalDrivers {
    final Path dir;
    private final List<Path> classpath;
    private final List<String> jvmFlags;

    LocalDrivers(Path dir) throws IOException {
        this(dir, List.of());
    }

    /** {@code jvmFlags}: extra flags of every driver JVM (e.g. a faster start-up for tiny runs). */
    LocalDrivers(Path dir, List<String> jvmFlags) throws IOException {
        this.dir = dir;
        this.jvmFlags = jvmFlags;
        this.classpath = new ArrayList<>(Jvm.projectJars(dir.resolve("app")));
        classpath.addAll(Jvm.libraryJars());
    }

    /** A driver JVM; its output (stdout and stderr) goes to {@code log}. */
    record Driver(Process process, Path log) {
        String output() {
            return Jvm.read(log);
        }

        long pid() {
            return process.pid();
        }

        /** The exit status; fails (and kills it) when it does not end within {@code seconds}. */
        int await(double seconds) throws InterruptedException {
            if (!process.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS)) {
                Jvm.killTree(process.toHandle());
                throw new AssertionError("the driver did not finish in " + seconds + " s:\n" + output());
            }
            return process.exitValue();
        }

        /** kill -INT / -TERM / -KILL. */
        void signal(String name) throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).inheritIO().start().waitFor();
        }
    }

    /** The sweep file {@code name}.yaml: the tiny two-layer sweep with {@code runs} seeds, {@code steps} steps per epoch. */
    Path sweep(String name, int runs, int steps) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, "name: " + name + "\nexperiment: two_layer\nfixed: {d: 5, m: 2, c: 3, N_train: 50, N_eval: 50,"
                + " num_epoch: 2, num_iter_per_epoch: " + steps + ", use_sgd: true}\ngrid:\n  seed: range(1, "
                + (runs + 1) + ")\n");
        return f;
    }

    List<String> runArgs(Path sweep, String... options) {
        List<String> a = new ArrayList<>(List.of("run", sweep.toString(), "--out", dir.resolve("out").toString(),
                "--master", "local[1]", "--progress", "lines", "--conf", "spark.ui.enabled=false",
                "--commit-every", "0.2", "--batch-runs", "2"));
        a.addAll(List.of(options));
        return a;
    }

    Driver start(String logName, List<String> args) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m",
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("driver-tmp")),
                "-Dlog4j2.configurationFile=" + logConfig()));
        jvm.addAll(jvmFlags);
        return new Driver(Jvm.start(classpath, jvm, Main.class.getName(), args, Map.of("SPARK_LOCAL_IP", "127.0.0.1"),
                dir.resolve(logName)), dir.resolve(logName));
    }

    /** conf/log4j2.properties of the checkout (tests run in driver/, the benchmark at the root). */
    static Path logConfig() {
        Path here = Path.of("conf/log4j2.properties");
        return (Files.exists(here) ? here : Path.of("../conf/log4j2.properties")).toAbsolutePath();
    }

    String folder(String name) {
        return dir.resolve("out").resolve(name).toString();
    }

    long committedFiles(String name) throws IOException {
        Path runs = Path.of(folder(name), "runs");
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-")).count();
        }
    }

    /**
     * What is wrong with the folder of a finished sweep of {@code runs} runs (empty: nothing):
     * every run once in runs, and every other dataset holding exactly the run_ids of runs.
     */
    List<String> problems(String name, int runs) throws IOException {
        List<String> out = new ArrayList<>();
        Configuration conf = new Configuration();
        List<String> ids = Results.runIds(folder(name), conf);
        Set<String> distinct = new HashSet<>(ids);
        if (ids.size() != distinct.size()) {
            out.add((ids.size() - distinct.size()) + " duplicate runs rows");
        }
        if (distinct.size() != runs) {
            out.add(distinct.size() + " distinct runs of " + runs);
        }
        for (Table t : List.of(Schema.NODES, Schema.EPOCHS, Schema.STUDENTS)) {
            Set<String> in = new HashSet<>();
            Results.rows(folder(name), t, conf).forEach(r -> in.add((String) r.get("run_id")));
            if (!in.equals(distinct)) {
                out.add(t.name() + " holds " + in.size() + " run_ids, runs " + distinct.size());
            }
        }
        if (Files.exists(Path.of(folder(name), "_lock"))) {
            out.add("a lock file is left");
        }
        return out;
    }

    static void waitFor(java.util.function.BooleanSupplier c, double seconds, String what) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static boolean quiet(String output) {
        return !output.contains("\tat ") && !output.contains("Exception") && !output.contains("internal error");
    }

    /** A sweep stopped by a signal: quiet, and not one of Spark's reports of the tasks it cancelled. */
    static boolean stoppedQuietly(String output) {
        return quiet(output) && !output.contains("Lost task");
    }
}
