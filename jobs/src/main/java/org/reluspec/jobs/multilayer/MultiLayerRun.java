package org.reluspec.jobs.multilayer;

import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.RunResult;

/** The multi-layer experiment (being written). */
public final class MultiLayerRun {
    private MultiLayerRun() {
    }

    public static RunResult run(RunSpec spec, EpochListener listener) {
        throw new UnsupportedOperationException("multi_layer is not implemented yet");
    }
}
