package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.output.Column;
import org.reluspec.driver.output.ParquetIO;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.sweep.SweepLoaderTest;

/** {@code bin/sweep show} options on a real results folder; means checked against the rows themselves. */
class ShowOptionsTest {
    @TempDir
    Path dir;

    @Test
    void groupsMetricsFiltersAndFormats() throws Exception {
        Path sweep = dir.resolve("tiny.yaml");
        Files.writeString(sweep, SweepLoaderTest.TINY);
        MainTest.Result r = GrowingSweepTest.run("run", sweep.toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String folder = dir.resolve("out/tiny").toString();

        // The rows themselves: (multi, seed, final_eval_loss, covered_eval_090) of each run.
        ResultsFolder f = ResultsFolder.at(folder, new Configuration());
        List<double[]> rows = new ArrayList<>();
        List<Column> cols = List.of("multi", "seed", "final_eval_loss", "covered_eval_090").stream()
                .map(n -> Schema.RUNS.columns().get(Schema.RUNS.indexOf(n))).toList();
        for (var p : f.validFiles(Schema.RUNS)) {
            ParquetIO.forEach(f.conf(), p, Schema.RUNS, cols.stream().map(Column::name).toList(), g -> rows.add(
                    cols.stream().mapToDouble(c -> ((Number) ParquetIO.value(g, c)).doubleValue()).toArray()));
        }
        assertEquals(6, rows.size());
        double loss2 = rows.stream().filter(x -> x[0] == 2).mapToDouble(x -> x[2]).average().orElseThrow();
        double cov2 = rows.stream().filter(x -> x[0] == 2).mapToDouble(x -> x[3]).average().orElseThrow();

        MainTest.Result json = MainTest.main("show", folder, "--by", "multi", "--metric",
                "covered_eval_090,final_eval_loss", "--where", "multi=2", "--format", "json");
        assertEquals(0, json.code(), json.err());
        Matcher m = Pattern.compile("\\{\"multi\": \"2\", \"runs\": 3, \"expected\": 3, \"diverged\": 0, \"failed\": 0, "
                + "\"covered_eval_090\": ([-0-9.eE]+), \"final_eval_loss\": ([-0-9.eE]+)}").matcher(json.out());
        assertTrue(m.find(), json.out());
        assertEquals(cov2, Double.parseDouble(m.group(1)), 1e-12);
        assertEquals(loss2, Double.parseDouble(m.group(2)), 1e-12 * loss2);
        assertEquals(1, GrowingSweepTest.count(json.out(), "\"multi\""), "multi=1 filtered out: " + json.out());

        MainTest.Result bySeed = MainTest.main("show", folder, "--by", "seed,multi", "--format", "csv");
        assertEquals(0, bySeed.code(), bySeed.err());
        List<String> lines = bySeed.out().lines().toList();
        assertEquals("seed,multi,runs,expected,diverged,failed,covered_eval_095,final_eval_loss", lines.get(0));
        assertEquals(7, lines.size(), bySeed.out());
        assertTrue(lines.stream().skip(1).allMatch(l -> l.matches("\\d,\\d,1,1,0,0,[0-9.]+,[0-9.eE-]+")), bySeed.out());

        MainTest.Result table = MainTest.main("show", folder, "--metric", "covered_eval_090,steps", "--where", "seed=1,2");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("covered@0.90") && table.out().contains("steps"), table.out());
        assertTrue(table.out().contains("4 of 4 runs committed") && table.out().contains("2/2"), table.out());

        String[][] mistakes = {
            {"--by", "mullti", "--by mullti: no such column in runs/ (did you mean 'multi'?)"},
            {"--metric", "bogus_metric", "--metric bogus_metric: no such column"},
            {"--metric", "status", "--metric status: not a number column"},
            {"--where", "m=two", "--where m=two: "},
            {"--where", "m", "--where m: expected key=value"},
            {"--format", "xml", "--format=xml: expected table, csv or json"},
        };
        for (String[] w : mistakes) {
            MainTest.Result e = MainTest.main("show", folder, w[0], w[1]);
            assertEquals(2, e.code(), String.join(" ", w));
            assertTrue(e.err().contains(w[2]), e.err());
            assertEquals(1, e.err().strip().lines().count(), e.err());
        }
    }
}
