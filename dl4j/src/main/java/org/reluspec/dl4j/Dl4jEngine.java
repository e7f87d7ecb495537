package org.reluspec.dl4j;

import org.reluspec.jobs.engine.Engine;
import org.reluspec.jobs.multilayer.MultiLayerRun;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.twolayer.TwoLayerRun;

/**
 * {@code engine=dl4j}: the run of the native engine (same teacher, data, initial student, batch
 * sequence and read-outs), with the student trained by Deeplearning4j. Registered in
 * META-INF/services/org.reluspec.jobs.engine.Engine.
 */
public final class Dl4jEngine implements Engine {
    public static final String NAME = "dl4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RunResult run(RunSpec spec, EpochListener listener) {
        return spec.experiment() == Experiment.TWO_LAYER
                ? TwoLayerRun.run(spec, listener, Dl4jTwoLayer::new)
                : MultiLayerRun.run(spec, listener, Dl4jMultiLayer::new);
    }
}
