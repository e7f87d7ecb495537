package org.reluspec.driver.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.UserError;
import org.reluspec.driver.spark.RunTask;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.SweepLoaderTest;
import org.reluspec.driver.sweep.SweepSpec;

/**
 * A runs file written before a column existed (as after an upgrade that adds a column): the
 * folder is accepted, the column reads as null, and a compaction merges it with newer files.
 */
class OlderFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFileWithoutANewerColumnIsReadAsNullAndCompacted() throws Exception {
        Configuration conf = new Configuration();
        SweepSpec spec = SweepLoader.parse(SweepLoaderTest.TINY, "tiny.yaml", List.of());
        ResultsFolder folder = ResultsFolder.open(dir.toString(), "tiny", conf);
        folder.prepare(spec.toYaml(6));
        RunTask task = new RunTask(new Grid(spec), 1, "test", null);
        folder.commit(List.of(task.run(0, 0)));

        // Rewrite the first runs file as an older version would have: without the column code_version.
        Table t = Schema.RUNS;
        List<Column> older = new ArrayList<>(t.columns());
        older.removeIf(c -> c.name().equals("code_version"));
        Table olderRuns = new Table("runs", older);
        org.apache.hadoop.fs.Path file = folder.validFiles(t).get(0);
        List<Object[]> rows = new ArrayList<>();
        ParquetIO.forEach(conf, file, t, null, g -> rows.add(ParquetIO.row(g, t)));
        Object[] original = rows.get(0);
        List<Object[]> olderRows = new ArrayList<>();
        for (Object[] r : rows) {
            List<Object> kept = new ArrayList<>(java.util.Arrays.asList(r));
            kept.remove(t.indexOf("code_version"));
            olderRows.add(kept.toArray());
        }
        ParquetIO.write(conf, file, olderRuns, olderRows);
        assertTrue(ParquetIO.olderOrSame(olderRuns.parquetSchema(), t));

        folder.commit(List.of(task.run(1, 0)));
        folder.release(); // as a driver that ends: the next one takes the lock
        ResultsFolder again = ResultsFolder.open(dir.toString(), "tiny", conf);
        assertEquals(2, again.check(null).size(), "accepted, both runs committed");
        again.prepare(spec.toYaml(6));
        assertEquals(2, again.compact(2));

        List<Object[]> merged = new ArrayList<>();
        for (var p : again.validFiles(t)) {
            ParquetIO.forEach(conf, p, t, null, g -> merged.add(ParquetIO.row(g, t)));
        }
        assertEquals(2, merged.size());
        int cv = t.indexOf("code_version");
        assertNull(merged.get(0)[cv], "absent in the older file: null");
        assertNotNull(merged.get(1)[cv]);
        for (int i = 0; i < original.length; i++) {
            if (i != cv) {
                Object a = original[i];
                Object b = merged.get(0)[i];
                if (a instanceof double[] x) {
                    assertArrayEquals(x, (double[]) b, t.columns().get(i).name());
                } else if (a instanceof int[] x) {
                    assertArrayEquals(x, (int[]) b, t.columns().get(i).name());
                } else {
                    assertEquals(a, b, t.columns().get(i).name());
                }
            }
        }

        // A column of another type is not an older version of this schema: refused.
        List<Column> wrong = new ArrayList<>(t.columns());
        wrong.set(t.indexOf("steps"), new Column("steps", Column.Kind.STRING, "steps as text"));
        assertTrue(!ParquetIO.olderOrSame(new Table("runs", wrong).parquetSchema(), t));
        org.apache.hadoop.fs.Path only = again.validFiles(t).get(0);
        Object[] row = merged.get(0).clone();
        row[t.indexOf("steps")] = "many";
        ParquetIO.write(conf, only, new Table("runs", wrong), List.<Object[]>of(row));
        String m = assertThrows(UserError.class, () -> ResultsFolder.open(dir.toString(), "tiny", conf).check(null))
                .getMessage();
        assertTrue(m.contains("its columns are not those of this schema version"), m);
    }
}
