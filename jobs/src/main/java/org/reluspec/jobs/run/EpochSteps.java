package org.reluspec.jobs.run;

import org.reluspec.jobs.params.RunSpec;

/**
 * How a student trains a whole epoch at once: for an engine that spreads the epoch's batches
 * over a cluster (each worker rebuilds them with {@link EpochBatches}). The run reads out as for
 * step-by-step engines, from {@link #weights()} after every epoch.
 *
 * @param <W> the experiment's weights (the student as it is, in the native engine's layout)
 */
public interface EpochSteps<W> {
    /** Trains epoch {@code epoch}'s batches at rate {@code lr}; stops at the first non-finite loss. */
    Outcome train(int epoch, double lr);

    /** The student as it is now. */
    W weights();

    /** {@code steps}: optimizer steps taken with a finite loss; {@code finite}: no loss was non-finite. */
    record Outcome(long steps, boolean finite) {
    }

    /** Creates the epoch steps of one run from the spec and the initial student. */
    interface Factory<W> {
        EpochSteps<W> create(RunSpec spec, W initial);
    }
}
