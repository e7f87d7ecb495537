package org.reluspec.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.cli.RunCommand;
import org.reluspec.driver.cli.UserError;
import org.reluspec.driver.output.Column;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.output.Table;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.SweepLoaderTest;
import org.reluspec.driver.sweep.SweepSpec;
import org.reluspec.jobs.params.Params;

/** End to end in Spark local mode, real Parquet: schema, resume, no duplicates, failures. */
class SparkSweepTest {
    @TempDir
    Path dir;

    static final SparkSweep.Options OPTIONS = new SparkSweep.Options("local[2]",
            Map.of("spark.ui.enabled", "false"), 1000, 2.0, 32, 0, false);

    record Outcome(int code, String out, String err, ResultsFolder folder, SweepSpec spec) {
    }

    Outcome sweep(SparkSweep.Options options, String... overrides) throws Exception {
        SweepSpec spec = SweepLoader.parse(SweepLoaderTest.TINY, "tiny.yaml", List.of(overrides));
        Grid grid = new Grid(spec);
        ResultsFolder folder = ResultsFolder.open(dir.resolve("out").toString(), spec.name(), new Configuration());
        Set<String> done = folder.check(spec.canonicalBody(grid.size()));
        Plan plan = Plan.of(grid, done);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RunCommand.execute(spec, plan, folder, options, "lines",
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), folder, spec);
    }

    static SparkSession spark() {
        return SparkSession.builder().master("local[1]").appName("read-back")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    }

    Dataset<Row> read(SparkSession s, String dataset) {
        return s.read().parquet(dir.resolve("out/tiny/" + dataset).toString());
    }

    @Test
    void aSweepWritesTheFourDatasetsWithTheDocumentedSchema() throws Exception {
        Outcome o = sweep(OPTIONS);
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("committed 6 runs"), o.out());
        assertTrue(o.out().contains("covered@0.95"), o.out());
        assertTrue(Files.exists(dir.resolve("out/tiny/sweep.yaml")));
        SparkSession s = spark();
        try {
            for (Table t : Schema.ALL) {
                Map<String, String> types = new HashMap<>();
                for (StructField f : read(s, t.name()).schema().fields()) {
                    types.put(f.name(), f.dataType().simpleString());
                }
                assertEquals(t.columns().size(), types.size(), t.name());
                for (Column c : t.columns()) {
                    assertEquals(c.kind().sparkType(), types.get(c.name()), t.name() + "." + c.name());
                }
            }
            Dataset<Row> runs = read(s, "runs");
            assertEquals(6, runs.count());
            assertEquals(6, runs.select("run_id").distinct().count());
            for (String p : Params.all().stream().map(p -> p.name()).toList()) {
                assertTrue(List.of(runs.columns()).contains(p), "a column per parameter: " + p);
            }
            Row r = runs.where("multi = 2 AND seed = 3").first();
            assertEquals("ok", r.getAs("status"));
            assertEquals(5, (int) r.getAs("d"));
            assertNull(r.getAs("ks"), "multi-layer parameters are null in two-layer runs");
            assertEquals(SweepSpec.FORMAT_VERSION, (int) r.getAs("schema_version"));
            assertEquals(40L, (long) r.getAs("steps"));
            int covered = r.getAs("covered_eval_095");
            assertTrue(covered >= 0 && covered <= 2, "covered teacher nodes of m=2: " + covered);

            Dataset<Row> epochs = read(s, "epochs");
            assertEquals(6 * 3, epochs.count(), "epochs -1, 0, 1 of each run");
            assertEquals(-1, (int) epochs.agg(org.apache.spark.sql.functions.min("epoch")).first().getInt(0));
            Row e = epochs.where("epoch = 1").first();
            assertEquals(2, e.getList(e.fieldIndex("best_corr_eval")).size(), "one best correlation per teacher node");

            Dataset<Row> nodes = read(s, "nodes");
            assertEquals(6 * 2, nodes.count());
            assertEquals(6 * 2, nodes.select("run_id", "layer", "teacher_node").distinct().count());
            Dataset<Row> students = read(s, "students");
            assertEquals(3 * 2 + 3 * 4, students.count(), "m * multi students per run");
        } finally {
            s.stop();
        }
    }

    @Test
    void anInterruptedSweepResumesAndCommitsEveryRunExactlyOnce() throws Exception {
        // One run per commit; stop right after the first commit (the test hook).
        SparkSweep.Options stopEarly = new SparkSweep.Options("local[2]", Map.of("spark.ui.enabled", "false"),
                1, 0.0, 3, 1, false);
        Outcome first = sweep(stopEarly);
        assertEquals(RunCommand.EXIT_INTERRUPTED, first.code(), first.out() + first.err());
        Set<String> afterFirst = first.folder().committedRunIds();
        assertTrue(afterFirst.size() >= 1 && afterFirst.size() < 6, "stopped early: " + afterFirst.size());

        // Leftovers of a commit cut short (a nodes file without its runs file, a _tmp folder): ignored, removed.
        Path orphan = dir.resolve("out/tiny/nodes/part-000099-000099.parquet");
        Files.copy(Files.list(dir.resolve("out/tiny/nodes")).filter(p -> p.getFileName().toString().startsWith("part"))
                .findFirst().orElseThrow(), orphan);
        Files.createDirectories(dir.resolve("out/tiny/_tmp/commit-7"));

        SparkSweep.Options small = new SparkSweep.Options("local[2]", Map.of("spark.ui.enabled", "false"),
                1, 0.0, 3, 0, false);
        Outcome second = sweep(small);
        assertEquals(0, second.code(), second.out() + second.err());
        assertTrue(second.out().contains(afterFirst.size() + " already done"), second.out());
        assertFalse(Files.exists(orphan));

        SparkSession s = spark();
        try {
            assertEquals(6, read(s, "runs").count());
            assertEquals(6, read(s, "runs").select("run_id").distinct().count(), "no duplicates");
            assertEquals(6 * 3, read(s, "epochs").count());
            assertEquals(6 * 3, read(s, "epochs").select("run_id", "epoch").distinct().count());
            assertEquals(6 * 2, read(s, "nodes").count());
        } finally {
            s.stop();
        }
        // Single commits were compacted: few files.
        try (Stream<Path> files = Files.list(dir.resolve("out/tiny/runs"))) {
            long parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).count();
            assertTrue(parts <= 2, "compacted to few files: " + parts);
        }
        Outcome third = sweep(OPTIONS);
        assertEquals(0, third.code());
        assertTrue(third.out().contains("nothing to run"), third.out());
        assertEquals(6, third.folder().committedRunIds().size());
    }

    @Test
    void aRunThatKeepsThrowingIsRetriedThenRecordedAsFailed() throws Exception {
        Map<String, String> conf = Map.of("spark.ui.enabled", "false", FaultHook.CONF, "seed=2",
                "spark.task.maxFailures", "2");
        Outcome o = sweep(OPTIONS.withConf(conf).withMaster("local[2]"));
        assertEquals(RunCommand.EXIT_FAILED_RUNS, o.code(), o.out() + o.err());
        assertTrue(o.err().contains("2 runs failed"), o.err());
        SparkSession s = spark();
        try {
            List<Row> failed = read(s, "runs").where("status = 'failed'").collectAsList();
            assertEquals(2, failed.size());
            for (Row r : failed) {
                assertEquals(2, (int) r.getAs("seed"));
                assertEquals(1, (int) r.getAs("attempt"), "the last of 2 attempts recorded it");
                assertTrue(((String) r.getAs("error")).contains("injected test fault"));
            }
            assertEquals(4, read(s, "runs").where("status = 'ok'").count(), "the other runs finished");
        } finally {
            s.stop();
        }
    }

    @Test
    void aRunThatThrowsOnceSucceedsOnItsRetry() throws Exception {
        Map<String, String> conf = Map.of("spark.ui.enabled", "false", FaultHook.CONF, "seed=1:1");
        Outcome o = sweep(OPTIONS.withConf(conf), "multi=1");
        assertEquals(0, o.code(), o.out() + o.err());
        SparkSession s = spark();
        try {
            Row r = read(s, "runs").where("seed = 1").first();
            assertEquals("ok", r.getAs("status"));
            assertEquals(1, (int) r.getAs("attempt"));
        } finally {
            s.stop();
        }
    }

    @Test
    void aFolderHoldingAnotherSweepOrForeignFilesIsRefused() throws Exception {
        SweepSpec spec = SweepLoader.parse(SweepLoaderTest.TINY, "tiny.yaml", List.of());
        ResultsFolder folder = ResultsFolder.open(dir.resolve("out").toString(), "tiny", new Configuration());
        folder.prepare(spec.toYaml(6));
        assertEquals(Set.of(), folder.check(spec.canonicalBody(6)), "the same sweep: resume");

        SweepSpec other = SweepLoader.parse(SweepLoaderTest.TINY, "tiny.yaml", List.of("seed=1,2,3,4"));
        String m = assertThrows(UserError.class, () -> folder.check(other.canonicalBody(8))).getMessage();
        assertTrue(m.contains("another sweep under the name 'tiny'"), m);

        Path yaml = dir.resolve("out/tiny/sweep.yaml");
        String text = Files.readString(yaml);
        Files.writeString(yaml, text.replace("schema_version: 1", "schema_version: 0"));
        Files.deleteIfExists(dir.resolve("out/tiny/.sweep.yaml.crc"));
        String v = assertThrows(UserError.class, () -> folder.check(spec.canonicalBody(6))).getMessage();
        assertTrue(v.contains("schema version 0"), v);
        Files.writeString(yaml, text);

        Files.writeString(dir.resolve("out/tiny/notes.txt"), "mine");
        String f = assertThrows(UserError.class, () -> folder.check(spec.canonicalBody(6))).getMessage();
        assertTrue(f.contains("did not write: notes.txt"), f);
        Files.delete(dir.resolve("out/tiny/notes.txt"));

        Files.writeString(dir.resolve("out/tiny/runs/part-000000-000000.parquet"), "not parquet");
        String c = assertThrows(UserError.class, () -> folder.check(spec.canonicalBody(6))).getMessage();
        assertTrue(c.contains("corrupt"), c);
        assertEquals("not parquet", Files.readString(dir.resolve("out/tiny/runs/part-000000-000000.parquet")),
                "nothing existing damaged");
    }

    @Test
    void executorsGetTheJava17FlagsAndLocalModeRetriesTasks() {
        var conf = SparkSweep.sparkConf("t", SparkSweep.Options.defaults());
        assertTrue(conf.get("spark.executor.extraJavaOptions").contains("--add-opens=java.base/java.lang=ALL-UNNAMED"));
        assertTrue(conf.get("spark.executor.extraJavaOptions").contains("--add-modules=jdk.incubator.vector"));
        assertTrue(conf.get("spark.master").matches("local\\[\\*,\\d+\\]"), conf.get("spark.master"));
        assertEquals("127.0.0.1", conf.get("spark.driver.bindAddress"));
        assertEquals(4, SparkSweep.maxAttempts(conf));
    }

    @Test
    void theSparkUiListensOnTheLoopbackInterfaceOnlyInLocalMode() throws Exception {
        // This JVM has no SPARK_LOCAL_IP (bin/sweep sets it): the UI must still stay on 127.0.0.1.
        Map<String, String> ui = Map.of("spark.ui.enabled", "true", "spark.ui.port", "0");
        org.apache.spark.SparkContext sc = new org.apache.spark.SparkContext(
                SparkSweep.sparkConf("ui", OPTIONS.withConf(ui).withMaster("local[1]")));
        try {
            String url = sc.uiWebUrl().get();
            int port = sc.ui().get().boundPort();
            assertTrue(url.startsWith("http://127.0.0.1:") || url.startsWith("http://localhost:"), url);
            List<String> listening = new java.util.ArrayList<>();
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
                    String[] f = line.trim().split("\\s+");
                    String[] local = f[1].split(":");
                    if (f[3].equals("0A") && Integer.parseInt(local[1], 16) == port) {
                        listening.add(local[0]);
                    }
                }
            }
            assertFalse(listening.isEmpty(), "the UI's listening socket on port " + port);
            for (String address : listening) {
                // 127.0.0.1 as IPv4, as an IPv4-mapped IPv6 address, or ::1 (not 0.0.0.0 or ::).
                assertTrue(address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F")
                        || address.equals("00000000000000000000000001000000"), "bound to " + address + " (hex, /proc/net)");
            }
        } finally {
            sc.stop();
        }
    }
}
