package org.reluspec.dl4j;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.reluspec.jobs.engine.ClusterEngine;
import org.reluspec.jobs.multilayer.MultiLayerRun;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.twolayer.TwoLayerRun;

/**
 * {@code engine=dl4j-spark}: one run trained on the whole Spark cluster by Deeplearning4j's
 * parameter averaging ({@link Dl4jSparkSteps}); the teacher, data, initial student, batches and
 * read-outs are the native run's, as for engine=dl4j. Called on the
 * driver with its SparkContext. Registered in META-INF/services/org.reluspec.jobs.engine.Engine.
 */
public final class Dl4jSparkEngine implements ClusterEngine {
    public static final String NAME = "dl4j-spark";

    @Override
    public String name() {
        return NAME;
    }

    /** {@code cluster}: the driver's {@link SparkContext}. */
    @Override
    public RunResult run(RunSpec spec, EpochListener listener, Object cluster) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext((SparkContext) cluster);
        return spec.experiment() == Experiment.TWO_LAYER
                ? TwoLayerRun.runByEpochs(spec, listener, (s, initial) -> Dl4jSparkSteps.twoLayer(s, initial, sc))
                : MultiLayerRun.runByEpochs(spec, listener, (s, initial) -> Dl4jSparkSteps.multiLayer(s, initial, sc));
    }
}
