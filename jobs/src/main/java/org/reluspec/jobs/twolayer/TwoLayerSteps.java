package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.params.RunSpec;

/**
 * How a two-layer student takes its gradient steps; the native trainer is one implementation,
 * a plug-in engine another. The run draws the batches, measures and reads out; the steps only train.
 */
public interface TwoLayerSteps {
    /**
     * One gradient-descent step at rate {@code lr} on the mean over {@code rows[0..count)} of
     * 0.5 ||yTrain_r - student(xTrain_r)||^2 (rows repeat when drawn with replacement), followed
     * by the spec's fix-ups (frozen layers, normalize, no_bias). Returns that loss before the step.
     */
    double step(Matrix xTrain, Matrix yTrain, int[] rows, int count, double lr);

    /** The student as it is now. */
    TwoLayerWeights weights();

    /** Creates the steps of one run from the spec and the initial student. */
    interface Factory {
        TwoLayerSteps create(RunSpec spec, TwoLayerWeights initial);
    }
}
