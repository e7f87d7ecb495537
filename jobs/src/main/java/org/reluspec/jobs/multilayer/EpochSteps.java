package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.params.RunSpec;

/**
 * How a multi-layer student trains a whole epoch at once: for an engine that spreads the epoch's
 * batches over a cluster (each worker rebuilds them with {@link EpochBatches}). The run reads out
 * as for step-by-step engines, from {@link #weights()} after every epoch.
 */
public interface EpochSteps {
    /** Trains epoch {@code epoch}'s batches at rate {@code lr}; stops at the first non-finite loss. */
    Outcome train(int epoch, double lr);

    /** The student as it is now (weights, biases, BN parameters and running statistics), lowest layer first. */
    List<LayerWeights> weights();

    /** {@code steps}: optimizer steps taken with a finite loss; {@code finite}: no loss was non-finite. */
    record Outcome(long steps, boolean finite) {
    }

    /** Creates the epoch steps of one run from the spec and the initial student. */
    interface Factory {
        EpochSteps create(RunSpec spec, List<LayerWeights> initial);
    }
}
