package org.reluspec.driver.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.UserError;
import org.reluspec.driver.spark.RunTask;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.SweepLoaderTest;
import org.reluspec.driver.sweep.SweepSpec;

/** Issue 11, case 3: a run committed twice is never merged into one file by a compaction. */
class DuplicateCompactionTest {
    @TempDir
    Path dir;

    static List<String> files(Path d) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).map(p -> d.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aCompactionRefusesARunCommittedTwiceAndChangesNothing() throws Exception {
        SweepSpec spec = SweepLoader.parse(SweepLoaderTest.TINY, "tiny.yaml", List.of());
        Grid grid = new Grid(spec);
        ResultsFolder folder = ResultsFolder.open(dir.toString(), "tiny", new Configuration());
        folder.prepare(spec.toYaml(grid.size()));
        RunTask task = new RunTask(grid, 1, "test", null);
        RunRecord r0 = task.run(0, 0);
        folder.commit(List.of(r0));
        folder.commit(List.of(task.run(1, 0)));
        folder.commit(List.of(r0)); // as a second writer without the lock would
        List<String> before = files(dir.resolve("tiny"));
        String m = assertThrows(UserError.class, () -> folder.compact(2)).getMessage();
        assertTrue(m.contains("1 run is committed twice") && m.contains(r0.runId()), m);
        assertTrue(m.contains("runs/part-000000-000000-") && m.contains("runs/part-000002-000002-"), m);
        assertEquals(before, files(dir.resolve("tiny")), "nothing merged, nothing deleted");
        folder.release();
    }
}
