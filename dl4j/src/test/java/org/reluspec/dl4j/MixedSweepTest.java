package org.reluspec.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.cli.Main;

/**
 * A sweep that mixes engine=dl4j-spark runs with native ones, through the command line on
 * local[2]: the native runs as tasks, the cluster runs one after another on the driver, every
 * run committed to the same Parquet tables with a read-out per epoch.
 */
class MixedSweepTest {
    @TempDir
    Path dir;

    /** A small multi-layer sweep of native and one-worker dl4j-spark runs, two seeds each. */
    static String smallSweep(String name) {
        return "name: " + name + "\n" + """
            experiment: multi_layer
            fixed:
              ks: [4, 3]
              node_multi: 2
              data_d: 6
              d_output: 3
              random_dataset_size: 256
              N_eval: 128
              batchsize: 16
              num_epoch: 2
            grid:
              engine: [native, dl4j-spark]
              seed: [1, 2]
            """;
    }

    private static final String TWO_LAYER_SWEEP = """
            name: mixed2
            experiment: two_layer
            fixed:
              d: 10
              m: 4
              multi: 2
              c: 5
              N_train: 400
              N_eval: 200
              use_sgd: true
              batchsize: 16
              lr: 0.05
              student_scale: 0.1
              num_epoch: 2
              num_iter_per_epoch: 20
            grid:
              engine: [native, dl4j-spark]
              seed: [1, 2]
            """;

    private static void run(Path file, String out, String... overrides) {
        List<String> args = new java.util.ArrayList<>(List.of("run", file.toString()));
        args.addAll(List.of(overrides));
        args.addAll(List.of("--out", out, "--master", "local[2]", "--progress", "none",
                "--conf", "spark.ui.enabled=false"));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, code, stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSweepMixingClusterAndNativeRunsCommitsEveryRunToTheSameTables() throws Exception {
        Path file = dir.resolve("mixed.yaml");
        Files.writeString(file, smallSweep("mixed"));
        String out = dir.resolve("out").toString();
        run(file, out);
        // The same folder grown by the grid's cluster runs on two workers: new run_ids, same tables.
        run(file, out, "engine=dl4j-spark", "spark_workers=2");

        SparkSession s = SparkSession.builder().master("local[1]").appName("read-back")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            List<Row> runs = s.read().parquet(out + "/mixed/runs").select("run_id", "engine", "spark_workers", "status")
                    .collectAsList();
            Map<String, Long> byEngine = runs.stream().collect(Collectors.groupingBy(r -> r.getString(1) + "/"
                    + r.getInt(2), Collectors.counting()));
            assertEquals(Map.of("native/1", 2L, "dl4j-spark/1", 2L, "dl4j-spark/2", 2L), byEngine, runs.toString());
            assertTrue(runs.stream().allMatch(r -> r.getString(3).equals("ok")), runs.toString());
            long epochRows = s.read().parquet(out + "/mixed/epochs").count();
            assertEquals(runs.size() * 3L, epochRows, "epochs -1, 0 and 1 of every run");
        } finally {
            s.stop();
        }
    }

    /**
     * Two-layer runs too: one worker averaging every step is engine=dl4j's SGD, so each
     * dl4j-spark run's final evaluation loss in the table is the native run's of its seed (1e-9).
     */
    @Test
    void twoLayerClusterRunsLandInTheSameTablesWithTheNativeRunsLosses() throws Exception {
        Path file = dir.resolve("mixed2.yaml");
        Files.writeString(file, TWO_LAYER_SWEEP);
        String out = dir.resolve("out").toString();
        run(file, out);

        SparkSession s = SparkSession.builder().master("local[1]").appName("read-back")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            List<Row> runs = s.read().parquet(out + "/mixed2/runs")
                    .select("engine", "seed", "status", "final_eval_loss", "initial_eval_loss").collectAsList();
            assertEquals(4, runs.size(), runs.toString());
            assertTrue(runs.stream().allMatch(r -> r.getString(2).equals("ok")), runs.toString());
            Map<Integer, List<Row>> bySeed = runs.stream().collect(Collectors.groupingBy(r -> r.getInt(1)));
            for (List<Row> pair : bySeed.values()) {
                Row nat = pair.stream().filter(r -> r.getString(0).equals("native")).findFirst().orElseThrow();
                Row spark = pair.stream().filter(r -> r.getString(0).equals("dl4j-spark")).findFirst().orElseThrow();
                assertTrue(nat.getDouble(3) < 0.9 * nat.getDouble(4), "training lowered the loss: " + nat);
                Agreement.assertClose("final eval loss", nat.getDouble(3), spark.getDouble(3));
            }
            assertEquals(4 * 3L, s.read().parquet(out + "/mixed2/epochs").count(), "epochs -1, 0 and 1 of every run");
        } finally {
            s.stop();
        }
    }
}
