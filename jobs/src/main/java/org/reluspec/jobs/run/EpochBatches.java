package org.reluspec.jobs.run;

import java.io.Serializable;
import org.reluspec.jobs.params.RunSpec;

/**
 * The batches of one epoch of a run, rebuilt from the spec alone: the epoch's training set, the
 * rows of each step and the teacher's targets, the same numbers the run takes. An engine that
 * trains on a cluster builds this on every executor, so that no data travels from the driver.
 * Not thread-safe (the teacher has buffers).
 */
public interface EpochBatches {
    /** Batches (steps) in the epoch. */
    int count();

    /** Batch {@code b}: its inputs and the teacher's targets, row-major. */
    Batch batch(int b);

    /** {@code rows} samples: inputs (rows x inputs) and targets (rows x outputs), row-major. */
    record Batch(int rows, double[] inputs, double[] targets) {
    }

    /** How an experiment rebuilds an epoch's batches: a static method, shipped to executors. */
    interface Source extends Serializable {
        EpochBatches of(RunSpec spec, int epoch);
    }
}
