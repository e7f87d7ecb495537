package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.output.Column;
import org.reluspec.driver.output.ParquetIO;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.SweepLoaderTest;

/**
 * A sweep grown in one folder through the command line: the quickstart-like tiny sweep, then
 * more seeds, then a narrower grid. Every run is computed once, the runs already there are
 * reused, sweep.yaml keeps each grid with its time, and show restricts to one grid.
 */
class GrowingSweepTest {
    @TempDir
    Path dir;

    static MainTest.Result run(String... words) {
        List<String> all = new ArrayList<>(List.of(words));
        all.addAll(List.of("--progress", "none", "--conf", "spark.ui.enabled=false"));
        return MainTest.main(all.toArray(new String[0]));
    }

    /** "N runs, D already done, T to run" of a run's first line. */
    static int[] counts(String out) {
        Matcher m = Pattern.compile("(\\d+) runs, (\\d+) already done, (\\d+) to run").matcher(out);
        assertTrue(m.find(), out);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    @Test
    void moreSeedsThenANarrowerGridRunEachRunOnceAndKeepTheHistory() throws Exception {
        Path sweep = dir.resolve("tiny.yaml");
        Files.writeString(sweep, SweepLoaderTest.TINY);
        String out = dir.resolve("out").toString();

        MainTest.Result first = run("run", sweep.toString(), "--out", out);
        assertEquals(0, first.code(), first.out() + first.err());
        assertEquals(List.of(6, 0, 6), List.of(counts(first.out())[0], counts(first.out())[1], counts(first.out())[2]));

        MainTest.Result plan = MainTest.main("plan", sweep.toString(), "seed=range(1,6)", "--out", out);
        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().contains("already done: 6 (reused from"), plan.out());

        MainTest.Result more = run("run", sweep.toString(), "seed=range(1,6)", "--out", out);
        assertEquals(0, more.code(), more.out() + more.err());
        int[] c2 = counts(more.out());
        assertEquals(List.of(10, 6, 4), List.of(c2[0], c2[1], c2[2]), "6 runs reused, 4 new seeds run");

        MainTest.Result narrow = run("run", sweep.toString(), "multi=1", "seed=2,3,4", "--out", out);
        assertEquals(0, narrow.code(), narrow.out() + narrow.err());
        int[] c3 = counts(narrow.out());
        assertEquals(List.of(3, 3, 0), List.of(c3[0], c3[1], c3[2]), "a slice of what is there: nothing runs");
        assertTrue(narrow.out().contains("3 of 3 runs committed"), narrow.out());

        // Every run once: 10 distinct grid points, 10 rows, each with 2 epochs + the initial read-out.
        Path folder = dir.resolve("out/tiny");
        List<String> ids = runIds(folder);
        assertEquals(10, ids.size());
        assertEquals(10, new HashSet<>(ids).size(), "no run computed twice");

        // The history: three grids, oldest first, each with its time; the top level is the latest grid.
        String yaml = Files.readString(folder.resolve("sweep.yaml"));
        assertEquals(3, count(yaml, "\n  - time: '20"), yaml);
        assertTrue(yaml.contains("\n    grid:\n      multi: [1, 2]\n      seed: [1, 2, 3]\n"), yaml);
        assertTrue(yaml.contains("\n    grid:\n      multi: [1, 2]\n      seed: [1, 2, 3, 4, 5]\n"), yaml);
        assertTrue(yaml.startsWith("#") && yaml.contains("\nfixed:\n") && yaml.contains("\n  multi: 1\n"), yaml);
        assertEquals(3, SweepLoader.parse(yaml, "sweep.yaml", List.of()).size(), "sweep.yaml is itself the latest grid");

        // Resuming the latest grid changes nothing, sweep.yaml included.
        MainTest.Result again = run("run", folder.resolve("sweep.yaml").toString(), "--out", out);
        assertEquals(0, again.code(), again.out() + again.err());
        assertEquals(yaml, Files.readString(folder.resolve("sweep.yaml")));

        // show: everything by default, one grid with --grid.
        MainTest.Result all = MainTest.main("show", folder.toString());
        assertEquals(0, all.code(), all.err());
        assertTrue(all.out().contains("10 of 10 runs committed"), all.out());
        assertTrue(all.out().contains("  1. 20") && all.out().contains("  3. 20"), all.out());
        MainTest.Result g1 = MainTest.main("show", folder.toString(), "--grid", "1", "--format", "csv");
        assertEquals(0, g1.code(), g1.err());
        assertEquals("multi,runs,expected,diverged,failed,covered_eval_095,final_eval_loss",
                g1.out().lines().findFirst().orElseThrow());
        assertEquals(List.of("1,3,3", "2,3,3"), g1.out().lines().skip(1).map(l -> l.substring(0, 5)).toList());
        MainTest.Result g3 = MainTest.main("show", folder.toString(), "--grid", "3");
        assertTrue(g3.out().contains("3 of 3 runs committed of grid 3"), g3.out());
        MainTest.Result g4 = MainTest.main("show", folder.toString(), "--grid", "4");
        assertEquals(2, g4.code());
        assertTrue(g4.err().contains("grids 1 to 3"), g4.err());
    }

    @Test
    void anotherExperimentOrANameOnTheCommandLine() throws Exception {
        Path sweep = dir.resolve("tiny.yaml");
        Files.writeString(sweep, SweepLoaderTest.TINY);
        String out = dir.resolve("out").toString();
        MainTest.Result named = run("run", sweep.toString(), "multi=1", "seed=1", "--name", "mine", "--out", out);
        assertEquals(0, named.code(), named.out() + named.err());
        assertTrue(Files.isRegularFile(dir.resolve("out/mine/sweep.yaml")));
        assertFalse(Files.exists(dir.resolve("out/tiny")));

        Path ml = dir.resolve("ml.yaml");
        Files.writeString(ml, "name: ml\nexperiment: multi_layer\nfixed:\n  ks: [4]\n  num_epoch: 1\n");
        Map<String, String> before = GoldenFolderTest.files(dir.resolve("out/mine"));
        MainTest.Result other = run("run", ml.toString(), "--name", "mine", "--out", out);
        assertEquals(2, other.code(), other.out());
        assertTrue(other.err().contains("holds a two_layer sweep and this sweep is multi_layer")
                && other.err().contains("--name"), other.err());
        assertEquals(before, GoldenFolderTest.files(dir.resolve("out/mine")), "nothing written");

        MainTest.Result hydra = MainTest.main("plan", sweep.toString(), "name=x");
        assertEquals(2, hydra.code());
        assertTrue(hydra.err().contains("use --name x"), hydra.err());
        MainTest.Result bad = MainTest.main("plan", sweep.toString(), "--name", "a/b");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--name a/b"), bad.err());
    }

    @Test
    void aFolderOfThePreviousVersionGrowsAndReadsAsAOneGridHistory() throws Exception {
        Path out = dir.resolve("out");
        GoldenFolderTest.copy(GoldenFolderTest.GOLDEN.resolve("golden-two-layer"), out.resolve("golden-two-layer"));
        MainTest.Result h = MainTest.main("show", out.resolve("golden-two-layer").toString(), "--history");
        assertEquals(0, h.code(), h.err());
        assertTrue(h.out().contains("  1. 20") && h.out().contains("8 runs") && !h.out().contains("  2. "), h.out());

        MainTest.Result grow = run("run", GoldenFolderTest.GOLDEN.resolve("golden-two-layer.yaml").toString(),
                "seed=1,2,3", "multi=2", "--out", out.toString());
        assertEquals(0, grow.code(), grow.out() + grow.err());
        int[] c = counts(grow.out());
        assertEquals(List.of(6, 4, 2), List.of(c[0], c[1], c[2]));
        String yaml = Files.readString(out.resolve("golden-two-layer/sweep.yaml"));
        assertEquals(2, count(yaml, "\n  - time: '20"), "the old grid became entry 1: " + yaml);
        assertEquals(10, runIds(out.resolve("golden-two-layer")).size());
    }

    static List<String> runIds(Path folder) throws Exception {
        ResultsFolder f = ResultsFolder.at(folder.toString(), new Configuration());
        Column id = Schema.RUNS.columns().get(Schema.RUNS.indexOf("run_id"));
        List<String> ids = new ArrayList<>();
        for (var p : f.validFiles(Schema.RUNS)) {
            ParquetIO.forEach(f.conf(), p, Schema.RUNS, List.of("run_id"), g -> ids.add((String) ParquetIO.value(g, id)));
        }
        return ids;
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
