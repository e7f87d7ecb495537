package org.reluspec.dl4j;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.reluspec.jobs.engine.ClusterEngine;
import org.reluspec.jobs.multilayer.MultiLayerRun;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.RunResult;

/**
 * {@code engine=dl4j-spark}: one multi-layer run trained on the whole Spark cluster by
 * Deeplearning4j's parameter averaging ({@link Dl4jSparkMultiLayer}); the teacher, data, initial
 * student, batch order and read-outs are the native run's, as for engine=dl4j. Called on the
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
        if (spec.experiment() != Experiment.MULTI_LAYER) {
            throw new IllegalArgumentException("engine=" + NAME + " trains multi_layer runs only");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext((SparkContext) cluster);
        return MultiLayerRun.runByEpochs(spec, listener, (s, initial) -> new Dl4jSparkMultiLayer(s, initial, sc));
    }
}
