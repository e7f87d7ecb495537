package org.reluspec.jobs.run;

import java.util.List;

/**
 * Read-outs after one epoch (epoch -1: before training). Losses are mean squared errors over
 * samples and outputs, as the reference prints them. {@code gradNorms} holds the Frobenius norm of
 * the full-batch gradient of each weight layer (bias included), lowest first, the output layer
 * last; {@code maxSampleGradNorm} the largest per-sample gradient norm of the lowest layer.
 * A read-out of the evaluation set only ({@link #evalOnly}) has no training-set quantities:
 * NaN losses and gradient, empty gradient norms and training correlations.
 */
public record EpochReadout(
        int epoch,
        double lr,
        double trainLoss,
        double evalLoss,
        double[] gradNorms,
        double maxSampleGradNorm,
        List<LayerEpoch> layers) {

    /** A read-out without the training-set quantities. */
    public static EpochReadout evalOnly(int epoch, double lr, double evalLoss, List<LayerEpoch> layers) {
        return new EpochReadout(epoch, lr, Double.NaN, evalLoss, new double[0], Double.NaN, layers);
    }

    /** Whether the training-set quantities were read out (every read-out has at least two gradient norms). */
    public boolean trainMeasured() {
        return gradNorms.length > 0;
    }

    public boolean finite() {
        if (!Double.isFinite(evalLoss)) {
            return false;
        }
        if (!trainMeasured()) {
            return true;
        }
        if (!Double.isFinite(trainLoss) || !Double.isFinite(maxSampleGradNorm)) {
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
