package org.reluspec.driver.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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

    static final String RUN_ID_OF_D5_M2_C3_SEED7 = "7aa3814a2b4d29f2";
}
