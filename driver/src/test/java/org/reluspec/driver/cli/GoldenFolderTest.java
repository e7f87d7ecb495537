package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reluspec.driver.output.Column;
import org.reluspec.driver.output.ParquetIO;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.output.Schema;
import org.reluspec.driver.output.Table;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.Params;

/**
 * Results folders written by the previous version (src/test/resources/golden/v1) under this
 * version, through the command line: the same sweep file resumes them with nothing to run and
 * not a byte changed, and a fresh run of it gives the same run_ids and bit-identical read-outs.
 * Every parameter or column added since must keep this true (docs/SCHEMA.md, "Identifiers").
 */
class GoldenFolderTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/v1");
    /** Columns that legitimately differ between two runs of the same spec. */
    static final Set<String> VOLATILE = Set.of("wall_seconds", "attempt", "code_version");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"golden-two-layer", "golden-multi-layer"})
    void aFolderOfThePreviousVersionResumesWithNothingToRunAndStaysByteIdentical(String name) throws Exception {
        Path out = dir.resolve("out");
        copy(GOLDEN.resolve(name), out.resolve(name));
        Map<String, String> before = files(out.resolve(name));

        MainTest.Result r = MainTest.main("run", GOLDEN.resolve(name + ".yaml").toString(), "--out", out.toString(),
                "--progress", "none");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(", 0 to run ->"), r.out());
        assertTrue(r.out().contains("nothing to run"), r.out());
        assertEquals(before, files(out.resolve(name)), "no committed file changed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"golden-two-layer", "golden-multi-layer"})
    void aFreshRunOfTheSameSweepGivesTheSameRunIdsAndBitIdenticalReadOuts(String name) throws Exception {
        Path out = dir.resolve("out");
        MainTest.Result r = MainTest.main("run", GOLDEN.resolve(name + ".yaml").toString(), "--out", out.toString(),
                "--progress", "none");
        assertEquals(0, r.code(), r.out() + r.err());
        for (Table t : Schema.ALL) {
            List<String> golden = rows(GOLDEN.resolve(name), t);
            List<String> fresh = rows(out.resolve(name), t);
            assertFalse(golden.isEmpty(), t.name() + " of the fixture is empty");
            assertEquals(golden.size(), fresh.size(), t.name() + ": row count");
            for (int i = 0; i < golden.size(); i++) {
                assertEquals(golden.get(i), fresh.get(i), t.name() + ": row " + i);
            }
        }
    }

    /**
     * Every row of a dataset as text, sorted: the columns the fixture's files have (columns added
     * since are new), less the volatile ones; doubles as their exact bits.
     */
    static List<String> rows(Path folder, Table t) throws IOException {
        Configuration conf = new Configuration();
        ResultsFolder f = ResultsFolder.at(folder.toString(), conf);
        List<String> out = new ArrayList<>();
        List<Column> compared = null;
        for (org.apache.hadoop.fs.Path p : f.validFiles(t)) {
            if (compared == null) {
                compared = new ArrayList<>();
                List<String> inFixture = fixtureColumns(folder, t, conf);
                for (Column c : t.columns()) {
                    if (inFixture.contains(c.name()) && !VOLATILE.contains(c.name())) {
                        compared.add(c);
                    }
                }
            }
            List<Column> cols = compared;
            ParquetIO.forEach(conf, p, t, null, g -> {
                StringBuilder b = new StringBuilder();
                for (Column c : cols) {
                    b.append(c.name()).append('=').append(exact(asWritten(g, t, c))).append(' ');
                }
                out.add(b.toString());
            });
        }
        out.sort(null);
        return out;
    }

    /**
     * A value as the previous version wrote it: a parameter since extended to this row's experiment
     * (e.g. stop_grad_norm to multi_layer) was null there; at its default it is the same run.
     */
    static Object asWritten(Group g, Table t, Column c) {
        Object v = ParquetIO.value(g, c);
        if (v == null || !t.name().equals("runs") || !Params.exists(c.name())) {
            return v;
        }
        Param p = Params.get(c.name());
        Experiment e = Experiment.fromKey((String) ParquetIO.value(g, t.columns().get(t.indexOf("experiment"))));
        boolean extendedAtDefault = p.extendedTo() == e && p.canonical(p.parse(v)).equals(p.canonical(p.defaultFor(e)));
        return extendedAtDefault ? null : v;
    }

    /** The columns of the fixture's (previous version's) files of this dataset. */
    static List<String> fixtureColumns(Path folder, Table t, Configuration conf) throws IOException {
        Path any = GOLDEN.resolve(folder.getFileName().toString()).resolve(t.name());
        try (Stream<Path> s = Files.list(any)) {
            Path file = s.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
            try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toAbsolutePath().toString()), conf))) {
                return r.getFooter().getFileMetaData().getSchema().getFields().stream().map(Type::getName).toList();
            }
        }
    }

    static String exact(Object v) {
        if (v instanceof Double d) {
            return HexFormat.of().toHexDigits(Double.doubleToRawLongBits(d));
        }
        if (v instanceof double[] a) {
            return Arrays.toString(Arrays.stream(a).mapToObj(x -> HexFormat.of().toHexDigits(Double.doubleToRawLongBits(x)))
                    .toArray());
        }
        if (v instanceof int[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(v);
    }

    /** Relative path to content (hex of the bytes) of every file under {@code root}. */
    static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
