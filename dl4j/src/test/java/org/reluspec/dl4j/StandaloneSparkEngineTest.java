package org.reluspec.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.cli.Main;
import org.reluspec.driver.cluster.Jvm;
import org.reluspec.driver.cluster.Results;
import org.reluspec.driver.cluster.StandaloneCluster;

/**
 * engine=dl4j-spark on a real Spark standalone cluster (a Master and two 1-core Workers, separate
 * JVMs on 127.0.0.1, the driver tests' harness): a sweep mixing native and dl4j-spark runs, then
 * the same folder grown by its seeds on 2 workers (a grid cannot pair spark_workers=2 with
 * engine=dl4j-spark only), each through the command line ({@code Main run ... --master spark://...})
 * in its own driver JVM. Every run is committed once, the rows equal those of the same passes on
 * local[2] bit for bit (parameter averaging is deterministic: fixed rounds, fixed shares, averages
 * in a fixed order), and both executors ran the two-worker runs' training rounds.
 *
 * <p>The engine reaches the executors as bin/sweep ships it: the driver puts the jar of its plug-in
 * engines in spark.jars. Before packaging there is no engine jar: the harness jars this module's
 * classes for the driver's classpath, and the Workers get DL4J, ND4J and the native libraries
 * with Spark's from the test classpath (their SPARK_HOME/jars), as the shaded engine jar would bring them.
 */
@Tag("cluster")
class StandaloneSparkEngineTest {
    /** Kept when the test fails: the logs of the Master, Workers, executors and the driver are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** The sweep's grid (native and one-worker dl4j-spark runs), then its seeds again on 2 workers averaging every 2 steps. */
    private static final List<List<String>> PASSES = List.of(List.of(), List.of("engine=dl4j-spark", "spark_workers=2",
            "averaging_frequency=2"));

    @Test
    void mixedSweepOnTwoWorkersCommitsEveryRunOnceWithLocalModesRowsAndUsesBothExecutors() throws Exception {
        Path sweep = dir.resolve("cluster.yaml");
        Files.writeString(sweep, MixedSweepTest.smallSweep("cluster"));
        Path out = dir.resolve("out");
        long t0 = System.nanoTime();
        try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2)) {
            List<Path> cp = new ArrayList<>(Jvm.projectJars(dir.resolve("app")));
            cp.addAll(Jvm.libraryJars());
            List<String> jvm = List.of("-Xmx1g", "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("driver-tmp")),
                    "-Dlog4j2.configurationFile=" + Path.of("../conf/log4j2.properties").toAbsolutePath());
            for (int pass = 0; pass < PASSES.size(); pass++) {
                Path events = Files.createDirectories(dir.resolve("events-" + pass));
                List<String> args = new ArrayList<>(List.of("run", sweep.toString()));
                args.addAll(PASSES.get(pass));
                args.addAll(List.of("--out", out.toString(), "--master", cluster.url(), "--progress", "lines",
                        "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=768m",
                        "--conf", "spark.executor.extraJavaOptions=-Djava.io.tmpdir=" + cluster.dir.resolve("tmp"),
                        "--conf", "spark.locality.wait=0s",
                        // Which executor ran which task, read back below.
                        "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri()));
                Path log = dir.resolve("driver-" + pass + ".log");
                Process driver = Jvm.start(cp, jvm, Main.class.getName(), args, cluster.env(), log);
                try {
                    assertTrue(driver.waitFor(240, TimeUnit.SECONDS), "the driver did not finish:\n" + Jvm.read(log));
                    assertEquals(0, driver.exitValue(), Jvm.read(log));
                } finally {
                    Jvm.killTree(driver.toHandle());
                }
            }
        }
        double onCluster = (System.nanoTime() - t0) * 1e-9;

        String folder = out.resolve("cluster").toString();
        List<String> ids = Results.runIds(folder, new Configuration());
        assertEquals(6, ids.size(), "runs rows: " + ids);
        assertEquals(6, new HashSet<>(ids).size(), "distinct run_ids: no run written twice");

        // The same passes on local[2] in this JVM: the same rows, bit for bit, but for wall time and attempt.
        Path localOut = dir.resolve("local-out");
        for (List<String> pass : PASSES) {
            List<String> args = new ArrayList<>(List.of("run", sweep.toString()));
            args.addAll(pass);
            args.addAll(List.of("--out", localOut.toString(), "--master", "local[2]", "--progress", "none",
                    "--conf", "spark.ui.enabled=false"));
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(text, true, StandardCharsets.UTF_8);
            assertEquals(0, Main.run(args.toArray(String[]::new), ps, ps), text.toString(StandardCharsets.UTF_8));
        }
        List<String> local = Results.canonical(localOut.resolve("cluster").toString(), new Configuration());
        List<String> cluster = Results.canonical(folder, new Configuration());
        assertEquals(local.size(), cluster.size());
        for (int i = 0; i < local.size(); i++) {
            assertEquals(local.get(i), cluster.get(i), "row " + i);
        }
        assertEquals(2, cluster.stream().filter(r -> r.startsWith("runs ") && r.contains("engine=dl4j-spark")
                && r.contains("spark_workers=2")).count(), "two-worker runs compared: " + cluster);

        // The two-worker runs' rounds: the training master's stages ran on both executors.
        Map<String, Set<String>> executorsByStage = executorsByStage(dir.resolve("events-1"));
        Set<String> training = new HashSet<>();
        executorsByStage.forEach((stage, executors) -> {
            if (stage.contains("ParameterAveragingTrainingMaster")) {
                training.addAll(executors);
            }
        });
        assertEquals(Set.of("0", "1"), training, "executors of the training rounds: " + executorsByStage);
        System.out.printf("figure: mixed sweep on the standalone cluster: %.1f s (cluster start included); "
                + "two-worker pass, executors by stage: %s%n", onCluster, executorsByStage);
    }

    /** Stage name to the executor ids that ran its tasks, from the driver's event log. */
    private static Map<String, Set<String>> executorsByStage(Path events) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<Integer, String> names = new HashMap<>();
        Map<Integer, Set<String>> byId = new HashMap<>();
        try (Stream<Path> files = Files.list(events)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode e = json.readTree(line);
                    switch (e.path("Event").asText()) {
                        case "SparkListenerStageCompleted" -> names.put(e.path("Stage Info").path("Stage ID").asInt(),
                                e.path("Stage Info").path("Stage Name").asText());
                        case "SparkListenerTaskEnd" -> byId.computeIfAbsent(e.path("Stage ID").asInt(), k -> new HashSet<>())
                                .add(e.path("Task Info").path("Executor ID").asText());
                        default -> { }
                    }
                }
            }
        }
        Map<String, Set<String>> out = new HashMap<>();
        byId.forEach((id, ex) -> out.computeIfAbsent(names.get(id), k -> new HashSet<>()).addAll(ex));
        return out;
    }
}
