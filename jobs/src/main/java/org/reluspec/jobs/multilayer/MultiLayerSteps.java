package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.params.RunSpec;

/**
 * How a multi-layer student takes its optimizer steps; the native engine is one implementation,
 * a plug-in engine another. The run draws and gathers the batches, computes the teacher's targets
 * and reads out; the steps only train.
 */
public interface MultiLayerSteps {
    /**
     * One optimizer step at rate {@code lr} (the spec's optimizer, momentum and weight decay) on
     * nn.MSELoss (mean over rows and outputs) of the student in training mode on x[0..m) against
     * target[0..m), then the spec's normalize. Returns that loss before the step.
     */
    double step(Matrix x, Matrix target, int m, double lr);

    /** The student as it is now (weights, biases, BN parameters and running statistics), lowest layer first. */
    List<LayerWeights> weights();

    /** Creates the steps of one run from the spec and the initial student. */
    interface Factory {
        MultiLayerSteps create(RunSpec spec, List<LayerWeights> initial);
    }
}
