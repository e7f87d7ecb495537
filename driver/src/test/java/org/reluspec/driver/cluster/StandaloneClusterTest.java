package org.reluspec.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.cli.Main;
import org.reluspec.driver.cli.RunCommand;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.spark.FaultHook;
import org.reluspec.driver.sweep.SweepLoaderTest;

/**
 * Sweeps on a real Spark standalone cluster (a Master and two 1-core Workers, separate JVMs on
 * 127.0.0.1), each through the command users run ({@code Main run ... --master spark://...}) in
 * its own driver JVM, with faults: an executor killed (kill -9) mid-sweep, the driver killed
 * mid-sweep and the same command run again, runs that keep throwing. Every figure the tests
 * measure is printed as a line starting with "figure:".
 */
@Tag("cluster")
class StandaloneClusterTest {
    /** Kept when a test fails: the logs of the Master, Workers, executors and drivers are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    static StandaloneCluster cluster;
    static List<Path> driverClasspath;

    /** Runs long enough (0.5 to 2 s each on 2 shared cores) for a kill to land mid-sweep. */
    static final List<String> LONG_RUNS = List.of("num_iter_per_epoch=300000");

    @BeforeAll
    static void startCluster() throws Exception {
        long t0 = System.nanoTime();
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2);
        driverClasspath = new ArrayList<>(Jvm.projectJars(dir.resolve("app")));
        driverClasspath.addAll(Jvm.libraryJars());
        figure("cluster start (Master + 2 Workers registered): %.1f s", (System.nanoTime() - t0) * 1e-9);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static void figure(String format, Object... args) {
        System.out.println("figure: " + String.format(Locale.ROOT, format, args));
    }

    /** A driver JVM running {@code Main run SWEEP overrides --master <cluster> ...}. */
    record Driver(Process process, Path log, long startNanos) {
        String output() {
            return Jvm.read(log);
        }

        int await(double seconds) throws InterruptedException {
            if (!process.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS)) {
                Jvm.killTree(process.toHandle());
                throw new AssertionError("the driver did not finish in " + seconds + " s:\n" + output());
            }
            return process.exitValue();
        }

        double seconds() {
            return (System.nanoTime() - startNanos) * 1e-9;
        }
    }

    static Path sweepFile(String name) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, SweepLoaderTest.TINY.replace("name: tiny", "name: " + name));
        return f;
    }

    static List<String> runArgs(Path sweep, List<String> overrides, String... options) {
        List<String> a = new ArrayList<>(List.of("run", sweep.toString()));
        a.addAll(overrides);
        a.addAll(List.of("--out", dir.resolve("out").toString(), "--master", cluster.url(), "--progress", "lines",
                "--conf", "spark.executor.memory=512m",
                "--conf", "spark.executor.extraJavaOptions=-Djava.io.tmpdir=" + cluster.dir.resolve("tmp"),
                "--conf", "spark.locality.wait=0s"));
        a.addAll(List.of(options));
        return a;
    }

    static Driver driver(String logName, List<String> args) throws IOException {
        List<String> jvm = List.of("-Xmx1g", "-Dreluspec.test.faults=true",
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("driver-tmp")),
                "-Dlog4j2.configurationFile=" + Path.of("../conf/log4j2.properties").toAbsolutePath());
        long t = System.nanoTime();
        Process p = Jvm.start(driverClasspath, jvm, Main.class.getName(), args, cluster.env(), dir.resolve(logName));
        return new Driver(p, dir.resolve(logName), t);
    }

    static String folder(String name) {
        return dir.resolve("out").resolve(name).toString();
    }

    static long committedFiles(String name) throws IOException {
        Path runs = Path.of(folder(name), "runs");
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-")).count();
        }
    }

    static void assertEveryRunOnce(String name, int runs) throws IOException {
        List<String> ids = Results.runIds(folder(name), new Configuration());
        assertEquals(runs, ids.size(), "runs rows");
        assertEquals(runs, new HashSet<>(ids).size(), "distinct run_ids: no run written twice");
        assertEquals(runs * 3, Results.rows(folder(name), Schema.EPOCHS, new Configuration()).size(),
                "epochs -1, 0, 1 of every run, once");
    }

    @Test
    void anExecutorKilledMidSweepLosesNoRunAndTheReadOutsAreBitIdenticalToLocalMode() throws Exception {
        List<String> grid = new ArrayList<>(LONG_RUNS);
        grid.add("seed=range(1,9)");
        Path sweep = sweepFile("exec");
        Driver d = driver("exec-driver.log", runArgs(sweep, grid, "--commit-every", "0", "--conf", "spark.ui.enabled=false"));
        try {
            StandaloneCluster.waitFor(() -> committedFiles("exec") >= 1 && cluster.executors().size() == 2, 180,
                    "a first commit with two executors running");
            List<ProcessHandle> before = cluster.executors();
            ProcessHandle victim = before.get(0);
            long t0 = System.nanoTime();
            assertTrue(victim.destroyForcibly(), "kill -9 of executor " + victim.pid());
            StandaloneCluster.waitFor(() -> cluster.executors().stream().anyMatch(h -> !before.contains(h)), 60,
                    "a replacement executor (logs in " + dir + ")");
            double replaced = (System.nanoTime() - t0) * 1e-9;
            assertEquals(0, d.await(240), d.output());
            figure("executor kill -9 (pid %d) to a replacement executor JVM: %.1f s; sweep of 16 runs: %.1f s",
                    victim.pid(), replaced, d.seconds());
            figure("tasks lost with the executor and re-run: %d (driver log lines 'Lost task')",
                    Pattern.compile("Lost task").matcher(d.output()).results().count());
        } finally {
            Jvm.killTree(d.process().toHandle());
        }
        assertEveryRunOnce("exec", 16);
        long retried = Results.rows(folder("exec"), Schema.RUNS, new Configuration()).stream()
                .filter(r -> (Integer) r.get("attempt") > 0).count();
        figure("runs committed after the executor kill: 16 of 16, duplicates 0, runs whose row came from a retry: %d",
                retried);

        // The same sweep in local mode (this JVM): the same rows, bit for bit, but for wall time and attempt.
        Path localOut = dir.resolve("local-out");
        List<String> args = new ArrayList<>(List.of("run", sweep.toString()));
        args.addAll(grid);
        args.addAll(List.of("--out", localOut.toString(), "--master", "local[2]", "--progress", "none"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(args.toArray(new String[0]), ps, ps), out.toString(StandardCharsets.UTF_8));
        List<String> onCluster = Results.canonical(folder("exec"), new Configuration());
        List<String> local = Results.canonical(localOut.resolve("exec").toString(), new Configuration());
        assertEquals(local.size(), onCluster.size());
        for (int i = 0; i < local.size(); i++) {
            assertEquals(local.get(i), onCluster.get(i), "row " + i);
        }
        figure("rows compared with local mode (runs, nodes, epochs, students): %d, all bit-identical", local.size());
    }

    @Test
    void aDriverKilledMidSweepResumesWithTheSameCommandAndWritesNoRunTwice() throws Exception {
        List<String> grid = new ArrayList<>(LONG_RUNS);
        grid.add("seed=range(1,9)");
        List<String> args = runArgs(sweepFile("drv"), grid, "--commit-every", "0.2", "--conf", "spark.ui.port=0");
        Driver first = driver("drv-driver-1.log", args);
        int completed;
        int active;
        try {
            // The UI's REST API answers slowly the first time: ask once before waiting for the commits.
            StandaloneCluster.waitFor(() -> first.output().contains(" UI http"), 120, "the driver's UI address");
            restJob(first.output());
            StandaloneCluster.waitFor(() -> committedFiles("drv") >= 2, 180, "two commits");
            // The UI's listener lags the scheduler: take a snapshot that has seen every committed run.
            int onDisk = ResultsFolder.at(folder("drv"), new Configuration()).committedRunIds().size();
            JsonNode job = restJob(first.output());
            for (int i = 0; i < 100 && job.path("numCompletedTasks").asInt() < onDisk; i++) {
                job = restJob(first.output());
            }
            completed = job.path("numCompletedTasks").asInt();
            active = Math.min(2, job.path("numActiveTasks").asInt());
            first.process().destroyForcibly();
            first.process().waitFor(20, TimeUnit.SECONDS);
        } finally {
            Jvm.killTree(first.process().toHandle());
        }
        int committed = ResultsFolder.at(folder("drv"), new Configuration()).committedRunIds().size();
        assertTrue(committed >= 2 && committed < 16, "killed mid-sweep: " + committed + " committed");

        Driver second = driver("drv-driver-2.log", args);
        try {
            assertEquals(0, second.await(240), second.output());
        } finally {
            Jvm.killTree(second.process().toHandle());
        }
        Matcher m = Pattern.compile("(\\d+) runs, (\\d+) already done, (\\d+) to run").matcher(second.output());
        assertTrue(m.find(), second.output());
        assertEquals(16, Integer.parseInt(m.group(1)));
        assertEquals(committed, Integer.parseInt(m.group(2)), "every committed run is skipped");
        assertEquals(16 - committed, Integer.parseInt(m.group(3)));
        assertEveryRunOnce("drv", 16);
        int redone = Math.max(0, completed + active - committed);
        figure("driver kill -9 with %d runs done and %d in flight (2 task slots), %d committed: %d runs redone, 0 lost, 0 duplicates",
                completed, active, committed, redone);
        figure("driver restart to resume completion (%d runs): %.1f s", 16 - committed, second.seconds());
        assertTrue(redone <= active + 4, "at most the runs in flight and those of the last commit window are redone: "
                + redone);
    }

    /** The sweep's job in the killed driver's REST API (its UI address is in the driver's output). */
    static JsonNode restJob(String driverOutput) {
        Matcher ui = Pattern.compile("UI (http://\\S+)").matcher(driverOutput);
        assertTrue(ui.find(), "the driver prints its UI address:\n" + driverOutput);
        String api = ui.group(1).replace("//localhost:", "//127.0.0.1:") + "/api/v1/applications";
        JsonNode apps = null;
        for (int i = 0; i < 50 && (apps == null || apps.isEmpty()); i++) {
            apps = StandaloneCluster.json(api).orElse(null);
        }
        assertTrue(apps != null && !apps.isEmpty(), "no answer from " + api);
        String app = apps.get(0).path("id").asText();
        // Empty (a missing node) while the job is not submitted yet or the UI does not answer.
        return StandaloneCluster.json(api + "/" + app + "/jobs").map(jobs -> jobs.path(0))
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    @Test
    void runsThatKeepThrowingAreRetriedThenRecordedAsFailedAndTheSweepExitsThree() throws Exception {
        Driver d = driver("fail-driver.log", runArgs(sweepFile("fail"), List.of(), "--conf", "spark.ui.enabled=false",
                "--conf", FaultHook.CONF + "=seed=2", "--conf", "spark.task.maxFailures=3"));
        try {
            assertEquals(RunCommand.EXIT_FAILED_RUNS, d.await(240), d.output());
        } finally {
            Jvm.killTree(d.process().toHandle());
        }
        assertTrue(d.output().contains("warning: 2 runs failed"), d.output());
        List<Map<String, Object>> rows = Results.rows(folder("fail"), Schema.RUNS, new Configuration());
        assertEquals(6, rows.size());
        for (Map<String, Object> r : rows) {
            if ((Integer) r.get("seed") == 2) {
                assertEquals("failed", r.get("status"));
                assertEquals(2, r.get("attempt"), "attempts 0 and 1 threw and were retried; the last is recorded");
                assertTrue(((String) r.get("error")).contains("injected test fault"), (String) r.get("error"));
            } else {
                assertEquals("ok", r.get("status"));
            }
        }
        figure("fault hook seed=2 on the cluster: 2 runs x 3 attempts thrown, recorded failed; 4 ok; exit 3 in %.1f s",
                d.seconds());
    }
}
