package org.reluspec.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.reluspec.dl4j.Agreement.assertClose;
import static org.reluspec.dl4j.Agreement.assertMoved;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.EpochSteps;
import org.reluspec.jobs.twolayer.TwoLayerSession;
import org.reluspec.jobs.twolayer.TwoLayerSettings;
import org.reluspec.jobs.twolayer.TwoLayerWeights;

/**
 * engine=dl4j-spark on the two-layer experiment, one worker averaging after every step, is
 * engine=dl4j: the same 100 steps (one epoch of 100 batches drawn with replacement, rebuilt by
 * the executors of local[2]) give every weight to 1e-9 relative.
 */
class SparkTwoLayerCrossCheckTest {
    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark(2);

    private static RunSpec spec(Object... more) {
        Object[] base = {"experiment", "two_layer", "engine", "dl4j-spark", "d", 20, "m", 5, "multi", 2, "c", 10,
            "batchsize", 16, "N_train", 1000, "N_eval", 500, "use_sgd", true, "lr", "0.05", "student_scale", 0.1,
            "num_iter_per_epoch", 100, "spark_workers", 1, "averaging_frequency", 1};
        return Agreement.spec(base, more);
    }

    private static void crossCheck(RunSpec spec) {
        crossCheck(spec, spec, 100);
    }

    /** One epoch of {@code spec} (100 batches) against {@code dl4jSteps} steps of engine=dl4j on {@code dl4jSpec}. */
    private static void crossCheck(RunSpec spec, RunSpec dl4jSpec, int dl4jSteps) {
        TwoLayerSession dl4j = TwoLayerSession.open(dl4jSpec, Dl4jTwoLayer::new);
        TwoLayerWeights before = dl4j.weights();
        for (int s = 0; s < dl4jSteps; s++) {
            dl4j.step();
        }
        EpochSteps<TwoLayerWeights> spark = Dl4jSparkSteps.twoLayer(spec, before,
                JavaSparkContext.fromSparkContext(SPARK.context()));
        assertEquals(new EpochSteps.Outcome(100, true),
                spark.train(0, TwoLayerSettings.of(spec).schedule().rateAt(0)));
        TwoLayerWeights a = dl4j.weights();
        TwoLayerWeights b = spark.weights();
        assertMoved("w1", before.w1(), b.w1());
        assertClose("w1", a.w1(), b.w1());
        assertClose("b1", a.b1(), b.b1());
        assertClose("w2", a.w2(), b.w2());
        assertClose("b2", a.b2(), b.b2());
    }

    @Test
    void oneWorkerAveragingEveryStepIsEngineDl4jAfter100Steps() {
        crossCheck(spec());
    }

    @Test
    void normalizedStudentWithoutBiasesToo() {
        crossCheck(spec("normalize", true, "no_bias", true));
    }

    /**
     * Two workers averaging after every step take plain SGD steps from the same parameters, and
     * the average of two steps is one step on both batches: the batches w0 and w1 draw one after
     * the other are the batch of 32 the run with batchsize 32 draws. So 100 batches of 16 on 2
     * workers are engine=dl4j's 50 steps of 32, to 1e-9: the baseline the specialization test
     * holds averaging every 4 steps to.
     */
    @Test
    void twoWorkersAveragingEveryStepAreSgdOnBothBatchesAtOnce() {
        crossCheck(spec("spark_workers", 2), spec("batchsize", 32, "num_iter_per_epoch", 50, "engine", "dl4j"), 50);
    }

    /**
     * A whole run through the driver's path: later epochs (their draws replayed on the
     * executors), a redrawn training set each epoch, a rate change and averaging every 6 steps
     * (one worker: still plain SGD) give engine=dl4j's read-outs.
     */
    @Test
    void wholeRunsGiveEngineDl4jsReadoutsAcrossEpochsRedrawsAndRateChanges() {
        RunSpec spark = spec("num_epoch", 3, "num_iter_per_epoch", 40, "lr", "{0:0.05,2:0.02}",
                "regen_dataset", true, "averaging_frequency", 6);
        RunSpec dl4j = spark.with(java.util.Map.of("engine", "dl4j", "averaging_frequency", 1));
        Agreement.assertSameReadouts(Runner.run(dl4j), Runner.runOnCluster(spark, EpochListener.NONE, SPARK.context()));
    }
}
