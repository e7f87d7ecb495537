package org.reluspec.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.cli.Main;
import org.reluspec.driver.plan.CostModel;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.plan.PlannedRun;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepLoader;

/**
 * {@code bin/sweep plan} on runs of engine=dl4j-spark: the driver trains them one after another,
 * each with the whole cluster, after the tasks, so their wall time is the sum of theirs (each
 * shared by its workers, plus its averaging rounds), not their core time over the task slots.
 */
class PlanClusterRunsTest {
    private static final String SWEEP = """
            name: cluster
            experiment: multi_layer
            fixed:
              ks: [20, 20]
              node_multi: 2
              random_dataset_size: 6400
              batchsize: 16
              num_epoch: 5
            grid:
              engine: [native, dl4j-spark]
              seed: [1, 2, 3, 4]
            """;
    private static final double RATE = CostModel.DEFAULT_FLOP_RATE;

    @TempDir
    Path dir;

    private Plan plan(String... overrides) throws Exception {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, SWEEP);
        return Plan.of(new Grid(SweepLoader.load(file.toString(), List.of(overrides))), Set.of());
    }

    private static double coreSeconds(List<PlannedRun> runs) {
        return runs.stream().mapToDouble(r -> r.coreSeconds(RATE)).sum();
    }

    @Test
    void clusterRunsTakeTheirWholeTimeOneAfterAnotherNotASlotEach() throws Exception {
        Plan plan = plan();
        List<PlannedRun> onCluster = plan.todoOnCluster();
        assertEquals(4, onCluster.size());
        // 5 epochs of 400 batches, one worker averaging every step: 2000 rounds per run.
        assertEquals(2000, onCluster.get(0).averagingRounds());
        double clusterCore = coreSeconds(onCluster);
        double taskCore = coreSeconds(plan.todo()) - clusterCore;
        double cluster = plan.todoClusterWallSeconds(RATE, 4, 1);
        assertEquals(clusterCore + 4 * 2000 * CostModel.AVERAGING_ROUND_SECONDS, cluster, 1e-9 * cluster);
        // The 4 native runs share the 4 slots; the cluster runs come after them, one by one.
        assertEquals(taskCore / 4 + cluster, plan.todoWallSeconds(RATE, 4, 1), 1e-9 * cluster);
    }

    @Test
    void aClusterRunsWorkersShareItsCoreTimeUpToTheSlots() throws Exception {
        Plan plan = plan("engine=dl4j-spark", "spark_workers=2", "averaging_frequency=5");
        List<PlannedRun> onCluster = plan.todoOnCluster();
        assertEquals(plan.todo(), onCluster);
        double core = coreSeconds(onCluster);
        long rounds = onCluster.stream().mapToLong(PlannedRun::averagingRounds).sum();
        // 4 runs of 5 epochs of 400 batches, 2 x 5 per round.
        assertEquals(4 * 5 * 40, rounds);
        double rounding = rounds * CostModel.AVERAGING_ROUND_SECONDS;
        assertEquals(core / 2 + rounding, plan.todoClusterWallSeconds(RATE, 4, 1), 1e-9 * core);
        assertEquals(core + rounding, plan.todoClusterWallSeconds(RATE, 1, 1), 1e-9 * core, "one slot");
    }

    @Test
    void planSaysWhichRunsTakeTheWholeClusterOneAfterAnother() throws Exception {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, SWEEP);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"plan", file.toString(), "--cores", "4", "--out",
            dir.resolve("out").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("of which 4 on the whole cluster (engine=dl4j-spark), one after another"), text);
        assertTrue(text.contains("8000 averaging rounds"), text);
    }
}
