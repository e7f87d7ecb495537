package org.reluspec.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.LayerEpoch;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.Status;
import org.reluspec.jobs.run.Thresholds;

/**
 * engine=dl4j-spark with 2 workers on local[2] averaging every 4 steps (local SGD, so not the
 * native SGD) ends with the native engine's specialization on a small depth-2 grid: the fraction
 * of teacher nodes covered at 0.9 per layer after 60 epochs, over 3 seeds. The native run it is
 * held to takes each round's samples in one batch (batchsize 2 x 64, half the steps per epoch):
 * the SGD that averaging after every step is exactly (SparkCrossCheckTest). Against the native
 * run with batchsize 64 (twice the steps) the cluster run lags: 1.0 and 0.87 there.
 *
 * <p>Measured: dl4j-spark 0.80 and 0.73, native (batchsize 128) the same per seed on seeds 1 to 3;
 * over seeds 1 to 6 the native runs' fractions have a standard deviation of 0.25 and 0.18 per
 * layer. The bound, one teacher node of the 15 per layer over the 3 seeds, is well inside that.
 */
class SparkSpecializationTest {
    private static final int SEEDS = 3;
    private static final int I90 = 4;
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);

    private static RunSpec spec(String engine, int seed) {
        Object[] base = {"experiment", "multi_layer", "ks", "[5,5]", "node_multi", 4, "data_d", 10, "d_output", 5,
            "random_dataset_size", 2000, "N_eval", 1000, "num_epoch", 60, "lr", "0.05", "seed", seed,
            "engine", engine};
        return engine.equals("native") ? Agreement.spec(base, "batchsize", 2 * 64)
                : Agreement.spec(base, "batchsize", 64, "spark_workers", 2, "averaging_frequency", 4);
    }

    /** Per layer, the mean over seeds of the fraction of teacher nodes covered at 0.9 after the last epoch. */
    private static double[] covered90(String engine) {
        double[] sum = new double[2];
        for (int seed = 1; seed <= SEEDS; seed++) {
            RunSpec spec = spec(engine, seed);
            RunResult r = engine.equals("native") ? Runner.run(spec) : Runner.runOnCluster(spec, EpochListener.NONE, SPARK.context());
            assertEquals(Status.OK, r.status(), engine + " seed " + seed);
            List<LayerEpoch> layers = r.last().layers();
            for (int l = 0; l < 2; l++) {
                sum[l] += layers.get(l).coveredEval()[I90] / 5.0;
            }
        }
        return new double[] {sum[0] / SEEDS, sum[1] / SEEDS};
    }

    @Test
    void twoWorkersSpecializeAsNativeSgdOnTheRoundsBatchesWithinOneNode() {
        assertEquals(0.9, Thresholds.VALUES[I90]);
        double[] nat = covered90("native");
        double[] spark = covered90("dl4j-spark");
        System.out.printf("covered@0.9 per layer: native %s, dl4j-spark %s%n", java.util.Arrays.toString(nat),
                java.util.Arrays.toString(spark));
        for (int l = 0; l < 2; l++) {
            assertTrue(Math.abs(nat[l] - spark[l]) <= 1.0 / (5 * SEEDS) + 1e-12,
                    "layer " + l + ": native " + nat[l] + ", dl4j-spark " + spark[l]);
        }
    }
}
