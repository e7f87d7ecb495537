package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.output.Column;
import org.reluspec.driver.output.ParquetIO;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.sweep.SweepLoaderTest;

/** --run-timeout, --max-failures and --retry-failed through the command line, on local Spark. */
class RunLimitsTest {
    @TempDir
    Path dir;

    record Row(String runId, String status, String error) {
    }

    static List<Row> rows(Path folder) throws Exception {
        ResultsFolder f = ResultsFolder.at(folder.toString(), new Configuration());
        List<Row> out = new ArrayList<>();
        List<Column> c = List.of("run_id", "status", "error").stream()
                .map(n -> Schema.RUNS.columns().get(Schema.RUNS.indexOf(n))).toList();
        for (var p : f.validFiles(Schema.RUNS)) {
            ParquetIO.forEach(f.conf(), p, Schema.RUNS, List.of("run_id", "status", "error"), g -> out.add(
                    new Row((String) ParquetIO.value(g, c.get(0)), (String) ParquetIO.value(g, c.get(1)),
                            (String) ParquetIO.value(g, c.get(2)))));
        }
        return out;
    }

    @Test
    void aRunOverTheTimeLimitFailsTheSweepStopsAfterNFailuresAndOnlyTheFailedRunAgain() throws Exception {
        Path sweep = dir.resolve("tiny.yaml");
        Files.writeString(sweep, SweepLoaderTest.TINY);
        String out = dir.resolve("out").toString();
        Path folder = dir.resolve("out/tiny");
        // A limit no run can meet (1 ns): every run is over it at its first read-out, on any machine.
        String[] grid = {"num_epoch=300", "seed=range(1,9)"};

        MainTest.Result first = GrowingSweepTest.run("run", sweep.toString(), grid[0], grid[1], "--out", out,
                "--master", "local[1]", "--run-timeout", "1e-9", "--max-failures", "3");
        assertEquals(RunCommand.EXIT_FAILED_RUNS, first.code(), first.out() + first.err());
        assertTrue(first.err().contains("stopped after ") && first.err().contains("(--max-failures 3)"), first.err());
        List<Row> afterFirst = rows(folder);
        assertTrue(afterFirst.size() >= 3 && afterFirst.size() <= 8, "stopped early: " + afterFirst.size() + " of 16");
        for (Row r : afterFirst) {
            assertEquals("failed", r.status());
            assertTrue(r.error().contains("run timeout: still training after") && r.error().contains("--run-timeout 1.0E-9"),
                    r.error());
        }

        MainTest.Result resume = GrowingSweepTest.run("run", sweep.toString(), grid[0], grid[1], "--out", out);
        assertEquals(RunCommand.EXIT_FAILED_RUNS, resume.code(), "the failed runs stay failed: " + resume.err());
        assertEquals(List.of(16, afterFirst.size(), 16 - afterFirst.size()),
                List.of(GrowingSweepTest.counts(resume.out())[0], GrowingSweepTest.counts(resume.out())[1],
                        GrowingSweepTest.counts(resume.out())[2]));

        MainTest.Result retry = GrowingSweepTest.run("run", sweep.toString(), grid[0], grid[1], "--out", out,
                "--retry-failed");
        assertEquals(0, retry.code(), retry.out() + retry.err());
        int[] c = GrowingSweepTest.counts(retry.out());
        assertEquals(List.of(16, 16 - afterFirst.size(), afterFirst.size()), List.of(c[0], c[1], c[2]));
        assertTrue(retry.out().contains("running " + afterFirst.size() + " failed runs again"), retry.out());
        List<Row> all = rows(folder);
        assertEquals(16, all.size());
        assertEquals(16, new HashSet<>(all.stream().map(Row::runId).toList()).size(), "each run once");
        assertTrue(all.stream().allMatch(r -> r.status().equals("ok")), all.toString());

        MainTest.Result bad = MainTest.main("run", sweep.toString(), "--out", out, "--run-timeout", "soon");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--run-timeout=soon: expected a number >= 0"), bad.err());
    }
}
