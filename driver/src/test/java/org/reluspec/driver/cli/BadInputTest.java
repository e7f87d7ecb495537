package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.RunRecord;
import org.reluspec.driver.spark.RunTask;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.SweepLoaderTest;
import org.reluspec.driver.sweep.SweepSpec;

/**
 * Every kind of bad input through the command users run, next to a results folder that already
 * holds half of the sweep: one line on stderr naming the problem, exit 2, no stack trace, Spark
 * never started, and not a byte of the output changed (bad folders included: they stay as they were).
 */
class BadInputTest {
    static final String TINY = SweepLoaderTest.TINY;

    @TempDir
    static Path template;
    @TempDir
    Path dir;

    /** A bad input: the sweep file's text (null: no file), the extra words, how to spoil the output, what the message says. */
    record Case(String what, String yaml, List<String> words, Spoil spoil, String message) {
        @Override
        public String toString() {
            return what;
        }
    }

    interface Spoil {
        void apply(Path folder) throws IOException;
    }

    static final Spoil NONE = f -> { };

    /** OUT/tiny with 3 of the sweep's 6 runs committed (written without Spark, by the same code). */
    @BeforeAll
    static void halfASweep() throws IOException {
        SweepSpec spec = SweepLoader.parse(TINY, "tiny.yaml", List.of());
        Grid grid = new Grid(spec);
        ResultsFolder folder = ResultsFolder.open(template.resolve("out").toString(), "tiny", new Configuration());
        folder.prepare(spec.toYaml(grid.size()));
        RunTask task = new RunTask(grid, 1, Version.code(), null);
        for (long i = 0; i < 3; i++) {
            List<RunRecord> batch = List.of(task.run(i, 0));
            folder.commit(batch);
        }
        folder.release();
    }

    static Path part(Path folder, String dataset) throws IOException {
        try (Stream<Path> s = Files.list(folder.resolve(dataset))) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().findFirst().orElseThrow();
        }
    }

    static List<Case> cases() {
        String ml = "name: tiny\nexperiment: multi_layer\nfixed:\n  ks: [10, 0]\n";
        String mlOk = "name: tiny\nexperiment: multi_layer\nfixed:\n  ks: [3, 3]\n  d_output: 5\n";
        return List.of(
                new Case("unknown key in the file", TINY.replace("  d: 5", "  dd: 5"), List.of(), NONE,
                        "tiny.yaml: fixed.dd: unknown parameter 'dd'"),
                new Case("unknown top-level key", TINY.replace("grid:", "gird:"), List.of(), NONE, "unknown key 'gird'"),
                new Case("unknown key on the command line", TINY, List.of("mutli=2"), NONE, "unknown parameter 'mutli'"),
                new Case("wrong type in the file", TINY.replace("use_sgd: true", "use_sgd: maybe"), List.of(), NONE,
                        "true or false"),
                new Case("wrong type on the command line", TINY, List.of("lr=fast"), NONE, "lr"),
                new Case("zero width", TINY, List.of("m=0"), NONE, "m=0"),
                new Case("engine not on the classpath", TINY, List.of("engine=dl4j"), NONE,
                        "engine=dl4j is not on the classpath"),
                new Case("zero width of a multi-layer network", ml, List.of(), NONE, "ks"),
                new Case("no Spark workers", mlOk, List.of("engine=dl4j-spark", "spark_workers=0"), NONE,
                        "spark_workers=0"),
                new Case("averaging every 0 steps", mlOk, List.of("engine=dl4j-spark", "averaging_frequency=0"), NONE,
                        "averaging_frequency=0"),
                new Case("Spark workers without the cluster engine", mlOk, List.of("spark_workers=2"), NONE,
                        "spark_workers=2 needs engine=dl4j-spark"),
                new Case("the cluster engine on full-batch gradient descent", TINY,
                        List.of("engine=dl4j-spark", "use_sgd=false"), NONE,
                        "engine=dl4j-spark trains two_layer runs by mini-batch SGD: set use_sgd=true"),
                new Case("two-layer Spark workers without the cluster engine", TINY, List.of("spark_workers=2"), NONE,
                        "spark_workers=2 needs engine=dl4j-spark"),
                new Case("negative size", TINY, List.of("N_train=-5"), NONE, "N_train=-5"),
                new Case("zero batch size", TINY, List.of("batchsize=0"), NONE, "batchsize=0"),
                new Case("fractional multi in the file", TINY.replace("multi: [1, 2]", "multi: [1, 2.5]"), List.of(),
                        NONE, "grid.multi"),
                new Case("fractional multi on the command line", TINY, List.of("multi=1.5"), NONE, "an integer"),
                new Case("empty range", TINY, List.of("seed=range(5,5)"), NONE, "empty"),
                new Case("empty axis in the file", TINY.replace("multi: [1, 2]", "multi: []"), List.of(), NONE,
                        "empty axis"),
                new Case("YAML syntax error", TINY.replace("multi: [1, 2]", "multi: [1, 2"), List.of(), NONE,
                        "YAML syntax error at line"),
                new Case("YAML that would build a Java object", "name: tiny\nfixed: !!java.io.File [\"/tmp\"]\n",
                        List.of(), NONE, "tiny.yaml:"),
                new Case("missing sweep file", null, List.of(), NONE, "sweep file not found"),
                new Case("output path is a file", TINY, List.of("--out", "FILE"), NONE, "is a file"),
                new Case("output path below a file", TINY, List.of("--out", "FILE/sub"), NONE, "cannot write to"),
                new Case("output path nobody may create", TINY, List.of("--out", "/proc/reluspec-test"), NONE,
                        "cannot"),
                new Case("unknown Spark master", TINY, List.of("--master", "lcoal[2]"), NONE,
                        "Spark master 'lcoal[2]'"),
                new Case("foreign file in the results folder", TINY, List.of(),
                        f -> Files.writeString(f.resolve("notes.txt"), "mine"), "did not write: notes.txt"),
                new Case("foreign file among the results", TINY, List.of(),
                        f -> Files.writeString(f.resolve("runs/data.csv"), "a,b"), "did not write: runs/data.csv"),
                new Case("corrupt runs file", TINY, List.of(),
                        f -> Files.writeString(part(f, "runs"), "not parquet"), "corrupt"),
                new Case("truncated epochs file", TINY, List.of(), f -> {
                    Path p = part(f, "epochs");
                    byte[] b = Files.readAllBytes(p);
                    Files.write(p, java.util.Arrays.copyOf(b, b.length / 2));
                }, "epochs/part-000000-000000-"),
                new Case("results without sweep.yaml", TINY, List.of(),
                        f -> Files.delete(f.resolve("sweep.yaml")), "no sweep.yaml"),
                new Case("another schema version", TINY, List.of(), f -> Files.writeString(f.resolve("sweep.yaml"),
                        Files.readString(f.resolve("sweep.yaml")).replace("schema_version: 1", "schema_version: 0")),
                        "written with schema version 0"),
                new Case("another experiment under the same name", "name: tiny\nexperiment: multi_layer\nfixed:\n"
                        + "  ks: [4]\n", List.of(), NONE, "holds a two_layer sweep and this sweep is multi_layer"),
                // Issue 11, case 2: a runs file copied to a range overlapping committed ones is not "garbage".
                new Case("runs file copied to an overlapping range", TINY, List.of(),
                        f -> Files.copy(parts(f, "runs").get(1), f.resolve("runs/part-000001-000003.parquet")),
                        "no crash of a commit or compaction leaves this"),
                new Case("runs file copied to a range overlapping without nesting", TINY, List.of(), f -> {
                    Files.copy(parts(f, "runs").get(0), f.resolve("runs/part-000000-000001.parquet"));
                    Files.copy(parts(f, "runs").get(0), f.resolve("runs/part-000001-000002.parquet"));
                }, "hold overlapping commit ranges"),
                // Issue 11, case 3: every dataset's first file copied under a new commit number.
                new Case("a commit copied under another number", TINY, List.of(), BadInputTest::duplicateCommit,
                        "1 run is committed twice"));
    }

    /** Copies the first commit of every dataset to commit number 5: its runs are committed twice. */
    static void duplicateCommit(Path f) throws IOException {
        for (String d : List.of("runs", "nodes", "epochs", "students")) {
            Files.copy(part(f, d), f.resolve(d + "/part-000005-000005.parquet"));
        }
    }

    static List<Path> parts(Path folder, String dataset) throws IOException {
        try (Stream<Path> s = Files.list(folder.resolve(dataset))) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRefusedWithOneLineExitTwoAndNothingChanged(Case c) throws Exception {
        Path out = dir.resolve("out");
        copy(template.resolve("out"), out);
        Files.deleteIfExists(out.resolve("tiny/.sweep.yaml.crc"));
        c.spoil().apply(out.resolve("tiny"));
        Path file = dir.resolve("FILE");
        Files.writeString(file, "a file");
        Map<String, String> before = snapshot(dir);

        Path sweep = dir.resolve("sweeps/tiny.yaml");
        Files.createDirectories(sweep.getParent());
        if (c.yaml() != null) {
            Files.writeString(sweep, c.yaml());
        }
        List<String> args = new ArrayList<>(List.of("run", sweep.toString()));
        c.words().forEach(w -> args.add(w.replace("FILE", file.toString())));
        if (!args.contains("--out")) {
            args.addAll(List.of("--out", out.toString()));
        }
        MainTest.Result r = MainTest.main(args.toArray(new String[0]));

        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(c.message()), "names the problem (" + c.message() + "): " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
        assertFalse(r.out().contains("Spark "), "Spark never started: " + r.out());
        if (c.yaml() != null) {
            Files.delete(sweep);
        }
        assertEquals(before, snapshot(dir), "nothing written, nothing existing changed");
    }

    /** Issue 11 (7): show and export refuse every damaged folder that run refuses, and change nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void showAndExportRefuseTheFoldersThatRunRefuses(Case c) throws Exception {
        if (c.spoil() == NONE || !c.words().isEmpty()) {
            return; // not a damaged folder
        }
        Path out = dir.resolve("out");
        copy(template.resolve("out"), out);
        Files.deleteIfExists(out.resolve("tiny/.sweep.yaml.crc"));
        c.spoil().apply(out.resolve("tiny"));
        Map<String, String> before = snapshot(dir);
        for (String command : List.of("show", "export")) {
            MainTest.Result r = MainTest.main(command, out.resolve("tiny").toString());
            assertEquals(2, r.code(), command + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), command + ", one line: " + r.err());
            assertFalse(r.err().contains("\tat ") || r.err().contains("internal error"), r.err());
        }
        assertEquals(before, snapshot(dir), "nothing written, nothing existing changed");
    }

    /** Every file and folder under {@code root}: path -> content (folders: "dir"). */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String key = root.relativize(p).toString();
                if (key.startsWith("sweeps")) {
                    continue;
                }
                out.put(key, Files.isDirectory(p) ? "dir" : java.util.HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
