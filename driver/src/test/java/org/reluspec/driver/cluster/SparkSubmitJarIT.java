package org.reluspec.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit jar runs a sweep through Spark's own SparkSubmit, with Spark, Hadoop and
 * Parquet coming from "the cluster" (the Maven jars) and nothing of ours but that jar: it must
 * carry our code and its small libraries itself.
 */
class SparkSubmitJarIT {

    @Test
    void theSparkSubmitJarRunsASweepWithSparkProvidedBySparkSubmit(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("reluspec.submitJar"));
        assertTrue(Files.isRegularFile(jar), "built by package: " + jar);
        String sparkSide = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar"))
                .filter(e -> !e.contains("reluspec") && !e.contains("snakeyaml-engine")
                        && !e.contains("progressbar") && !e.contains(File.separator + "jline")
                        && !e.contains("junit") && !e.contains("opentest4j"))
                .collect(Collectors.joining(File.pathSeparator));
        Path sweep = dir.resolve("tiny.yaml");
        Files.writeString(sweep, String.join("\n",
                "name: tiny",
                "experiment: two_layer",
                "fixed: {d: 5, m: 2, c: 3, N_train: 50, N_eval: 50, num_epoch: 2, num_iter_per_epoch: 20, "
                        + "use_sgd: true}",
                "grid: {multi: [1, 2], seed: [1, 2]}", ""));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(System.getProperty("reluspec.jvmFlags").trim().split("\\s+")));
        cmd.addAll(List.of("-Djava.io.tmpdir=" + dir, "-cp", sparkSide, "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--class", "org.reluspec.driver.cli.Main", jar.toString(),
                "run", sweep.toString(), "--out", dir.resolve("out").toString(), "--progress", "lines"));
        Path log = dir.resolve("submit.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(done, "spark-submit did not finish in 180 s:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("4 of 4 runs committed"), out);
        try (var files = Files.list(dir.resolve("out").resolve("tiny").resolve("runs"))) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".parquet")), out);
        }
    }
}
