package org.reluspec.driver.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reluspec.driver.output.ParquetIO;
import org.reluspec.driver.output.Schema;
import org.reluspec.jobs.params.RunSpec;

class RunIdTest {
    @Test
    void runIdIsAStableHashOfTheResolvedParameters() {
        RunSpec s = RunSpec.resolve(Map.of("d", 5, "m", 2, "c", 3, "seed", 7));
        // Fixed value: the id must not change between versions unless a parameter is added.
        assertEquals(RUN_ID_OF_D5_M2_C3_SEED7, s.runId());
        assertEquals(16, s.runId().length());
    }

    @Test
    void theSameGridPointHasTheSameIdWhereverItsValuesComeFrom() {
        SweepSpec file = SweepLoader.parse(SweepLoaderTest.TINY, "a.yaml", List.of());
        SweepSpec cli = SweepLoader.parse(SweepLoaderTest.TINY.replace("  d: 5\n", ""), "b.yaml",
                List.of("seed=range(1,4)", "d=5", "multi=1,2", "bias=-0.1"));
        Grid a = new Grid(file);
        Grid b = new Grid(cli);
        for (long i = 0; i < a.size(); i++) {
            assertEquals(a.spec(i).runId(), b.spec(i).runId());
        }
        assertNotEquals(a.spec(0).runId(), a.spec(1).runId());
        assertEquals(a.spec(0).runId(), RunSpec.resolve(Map.of("d", "5", "m", "2", "c", "3", "N_train", "50",
                "N_eval", "50", "num_epoch", "2", "num_iter_per_epoch", "20", "use_sgd", "true",
                "multi", 1, "seed", 1.0 == 1 ? 1 : 0)).runId());
    }

    /**
     * The results folders written by the previous version keep their run_ids: the grid of each
     * folder's resolved sweep.yaml, resolved by this version, gives exactly the ids in its runs.
     * Parameters added or extended since (such as stop_grad_norm in multi_layer) stay out of
     * the hash at their defaults.
     */
    @ParameterizedTest
    @ValueSource(strings = {"golden-two-layer", "golden-multi-layer"})
    void goldenResultsFoldersKeepTheirRunIds(String name) throws Exception {
        File folder = golden(name);
        Grid grid = new Grid(SweepLoader.load(new File(folder, "sweep.yaml").getPath(), List.of()));
        Set<String> now = new TreeSet<>();
        for (long i = 0; i < grid.size(); i++) {
            now.add(grid.spec(i).runId());
        }
        Set<String> written = new TreeSet<>();
        ParquetIO.forEach(new Configuration(), new Path(new File(folder, "runs/part-000000-000000.parquet").toURI()),
                Schema.RUNS, List.of("run_id"), g -> written.add(g.getString("run_id", 0)));
        assertEquals(grid.size(), written.size());
        assertEquals(written, now);
    }

    /** The same folders are still the same sweep: their sweep.yaml is what this version writes. */
    @ParameterizedTest
    @ValueSource(strings = {"golden-two-layer", "golden-multi-layer"})
    void goldenResultsFoldersAreStillTheSameSweep(String name) throws Exception {
        File file = new File(golden(name), "sweep.yaml");
        SweepSpec spec = SweepLoader.load(file.getPath(), List.of());
        String written = Files.readString(file.toPath());
        assertEquals(written, spec.toYaml(new Grid(spec).size()));
    }

    private static File golden(String name) throws URISyntaxException {
        return new File(RunIdTest.class.getResource("/golden/v1/" + name).toURI());
    }

    static final String RUN_ID_OF_D5_M2_C3_SEED7 = "7aa3814a2b4d29f2";
}
