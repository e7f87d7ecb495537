package org.reluspec.driver.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.cli.Version;
import org.reluspec.driver.spark.RunTask;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.SweepLoaderTest;
import org.reluspec.driver.sweep.SweepSpec;
import org.reluspec.jobs.params.Params;

/** The summary's grid cells on a real results folder, whatever the position of the seed axis. */
class SummaryTest {
    @TempDir
    Path dir;

    static final String AXES = "grid:\n  multi: [1, 2]\n  seed: range(1, 4)\n";

    static SweepSpec sweep(String axes) {
        return SweepLoader.parse(SweepLoaderTest.TINY.replace(AXES, axes), "tiny.yaml", List.of());
    }

    @Test
    void groupsByTheOtherAxesWhereverTheSeedAxisStands() throws IOException {
        SweepSpec seedFirst = sweep("grid:\n  seed: range(1, 4)\n  multi: [1, 2]\n  teacher_strength_decay: [0, 1]\n");
        SweepSpec seedInside = sweep("grid:\n  multi: [1, 2]\n  seed: range(1, 4)\n  teacher_strength_decay: [0, 1]\n");
        SweepSpec seedLast = sweep("grid:\n  multi: [1, 2]\n  teacher_strength_decay: [0, 1]\n  seed: range(1, 4)\n");

        // Every run of the grid committed (without Spark, by the same code), one run per commit.
        Grid grid = new Grid(seedFirst);
        ResultsFolder folder = ResultsFolder.open(dir.resolve("out").toString(), "tiny", new Configuration());
        folder.prepare(seedFirst.toYaml(grid.size()));
        RunTask task = new RunTask(grid, 1, Version.code(), null);
        for (long i = 0; i < grid.size(); i++) {
            folder.commit(List.of(task.run(i, 0)));
        }
        folder.release();

        // The expected cells from the rows themselves: (multi, teacher_strength_decay) -> mean final eval loss.
        Map<List<String>, double[]> sums = new HashMap<>();
        List<String> names = List.of("multi", "teacher_strength_decay", "final_eval_loss");
        List<Column> cols = names.stream().map(n -> Schema.RUNS.columns().get(Schema.RUNS.indexOf(n))).toList();
        for (var p : folder.validFiles(Schema.RUNS)) {
            ParquetIO.forEach(folder.conf(), p, Schema.RUNS, names, g -> {
                List<String> key = List.of(Params.get("multi").canonical(ParquetIO.value(g, cols.get(0))),
                        Params.get("teacher_strength_decay").canonical(ParquetIO.value(g, cols.get(1))));
                double[] s = sums.computeIfAbsent(key, k -> new double[2]);
                s[0] += ((Number) ParquetIO.value(g, cols.get(2))).doubleValue();
                s[1]++;
            });
        }
        assertEquals(4, sums.size(), "four cells of three seeds");

        for (SweepSpec spec : List.of(seedFirst, seedInside, seedLast)) {
            Summary.Result r = Summary.compute(folder, List.of(spec), true, Summary.Query.cells(), "");
            String axes = spec.axes().keySet().toString();
            assertEquals(List.of("multi", "teacher_strength_decay"), r.by(), axes);
            assertEquals(4, r.groups().size(), axes + ": " + Summary.text(r, folder, 100));
            List<List<String>> keys = new ArrayList<>();
            for (Summary.Group g : r.groups()) {
                keys.add(g.key());
                assertEquals(3, g.runs(), axes + " " + g.key());
                assertEquals(3, g.expected(), axes + " " + g.key());
                double[] s = sums.get(g.key());
                assertEquals(s[0] / s[1], g.means().get(1), 1e-12 * Math.abs(s[0]), axes + " " + g.key());
            }
            assertEquals(sums.keySet(), new java.util.HashSet<>(keys), axes);
        }
    }
}
