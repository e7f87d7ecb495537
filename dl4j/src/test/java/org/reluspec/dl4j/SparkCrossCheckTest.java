package org.reluspec.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.reluspec.dl4j.Agreement.assertClose;
import static org.reluspec.dl4j.Agreement.assertMoved;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.multilayer.LayerWeights;
import org.reluspec.jobs.multilayer.MultiLayerSession;
import org.reluspec.jobs.multilayer.MultiLayerSettings;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.EpochSteps;

/**
 * engine=dl4j-spark with one worker averaging after every step is engine=dl4j: the same 100 steps
 * (one epoch of 100 batches, trained round by round through the training master on local[2],
 * the batches built by the executors) give every tensor to 1e-9 relative. With one worker, so does
 * any averaging frequency.
 */
class SparkCrossCheckTest {
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);

    private static RunSpec spec(Object... more) {
        Object[] base = {"experiment", "multi_layer", "engine", "dl4j-spark", "ks", "[6,5]", "node_multi", 2,
            "data_d", 8, "d_output", 5, "batchsize", 16, "random_dataset_size", 1600, "N_eval", 400, "lr", "0.1",
            "spark_workers", 1, "averaging_frequency", 1};
        return Agreement.spec(base, more);
    }

    private static void crossCheck(RunSpec spec) {
        crossCheck(spec, spec, 100);
    }

    /** One epoch of {@code spec} (100 batches) against {@code dl4jSteps} steps of engine=dl4j on {@code dl4jSpec}. */
    private static void crossCheck(RunSpec spec, RunSpec dl4jSpec, int dl4jSteps) {
        MultiLayerSession dl4j = MultiLayerSession.open(dl4jSpec, Dl4jMultiLayer::new);
        List<LayerWeights> before = dl4j.weights();
        for (int s = 0; s < dl4jSteps; s++) {
            dl4j.step();
        }
        EpochSteps<List<LayerWeights>> spark = Dl4jSparkSteps.multiLayer(spec, before,
                JavaSparkContext.fromSparkContext(SPARK.context()));
        EpochSteps.Outcome epoch = spark.train(0, MultiLayerSettings.of(spec).schedule().rateAt(0));
        assertEquals(new EpochSteps.Outcome(100, true), epoch);
        List<LayerWeights> a = dl4j.weights();
        List<LayerWeights> b = spark.weights();
        assertMoved("layer 0 weight", before.get(0).weight(), b.get(0).weight());
        Agreement.assertSameLayers(a, b);
    }

    @Test
    void oneWorkerAveragingEveryStepIsEngineDl4jAfter100Steps() {
        crossCheck(spec());
    }

    /** One worker's average is its own parameters: any averaging frequency is plain SGD (here 15 rounds, the last of 2 steps). */
    @Test
    void oneWorkerAveragingEvery7StepsIsEngineDl4jToo() {
        crossCheck(spec("averaging_frequency", 7, "momentum", 0.9));
    }

    /**
     * Two workers averaging after every step take plain SGD steps (here with momentum, whose
     * buffers are averaged too: both are linear in the gradient) from the same parameters, and the
     * average of two steps is one step on both batches, which are positions [32 i, 32 i + 32) of
     * the epoch's order: engine=dl4j's 50 steps of batchsize 32, to 1e-9. Not so with BN (its
     * batch statistics are each worker's) or Adam (not linear).
     */
    @Test
    void twoWorkersAveragingEveryStepAreSgdOnBothBatchesAtOnce() {
        crossCheck(spec("spark_workers", 2, "momentum", 0.9),
                spec("batchsize", 32, "momentum", 0.9, "engine", "dl4j", "spark_workers", 1), 50);
    }

    /**
     * A whole run through the driver's path (Runner.runOnCluster): epochs after the first (their
     * shuffles replayed on the executors), a redrawn training set each epoch and a rate change give
     * engine=dl4j's read-outs.
     */
    @Test
    void wholeRunsGiveEngineDl4jsReadoutsAcrossEpochsRedrawsAndRateChanges() {
        RunSpec spark = spec("num_epoch", 3, "lr", "{0:0.1,2:0.05}", "regen_dataset_each_epoch", true,
                "random_dataset_size", 480, "averaging_frequency", 4, "bn", true);
        RunSpec dl4j = spark.with(java.util.Map.of("engine", "dl4j", "averaging_frequency", 1));
        Agreement.assertSameReadouts(Runner.run(dl4j), Runner.runOnCluster(spark, EpochListener.NONE, SPARK.context()));
    }

    @Test
    void withBatchNormMomentumAndWeightDecayToo() {
        crossCheck(spec("bn", true, "momentum", 0.9, "weight_decay", 1e-3, "lr", "0.02"));
    }
}
