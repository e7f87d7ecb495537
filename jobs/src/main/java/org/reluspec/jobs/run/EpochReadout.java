package org.reluspec.jobs.run;

import java.util.List;

/**
 * Read-outs after one epoch (epoch -1: before training). Losses are mean squared errors over
 * samples and outputs, as the reference prints them. {@code gradNorms} holds the Frobenius norm of
 * the full-batch gradient of each weight layer (bias included), lowest first, the output layer
 * last; {@code maxSampleGradNorm} the largest per-sample gradient norm of the lowest layer.
 */
public record EpochReadout(
        int epoch,
        double lr,
        double trainLoss,
        double evalLoss,
        double[] gradNorms,
        double maxSampleGradNorm,
        List<LayerEpoch> layers) {

    public boolean finite() {
        if (!Double.isFinite(trainLoss) || !Double.isFinite(evalLoss) || !Double.isFinite(maxSampleGradNorm)) {
            return false;
        }
        for (double g : gradNorms) {
            if (!Double.isFinite(g)) {
                return false;
            }
        }
        return true;
    }
}
