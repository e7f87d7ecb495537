package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.linalg.Matrix;

/** The native engine's step: forward in training mode, nn.MSELoss, backward, optimizer, normalize. */
final class NativeMultiLayerSteps implements MultiLayerSteps {
    private final Network student;
    private final Optimizer optimizer;
    private final Matrix diff;
    private final int outDim;
    private final boolean normalize;

    NativeMultiLayerSteps(Network student, Optimizer optimizer, Matrix diff, boolean normalize) {
        this.student = student;
        this.optimizer = optimizer;
        this.diff = diff;
        this.outDim = diff.cols();
        this.normalize = normalize;
    }

    /** Takes no step when the loss is not finite. */
    @Override
    public double step(Matrix x, Matrix target, int m, double lr) {
        Matrix yS = student.forward(x, m, Network.Mode.TRAIN);
        diff.sub(yS, target, m);
        double loss = diff.sumSquares(m) / ((double) m * outDim);
        if (!Double.isFinite(loss)) {
            return loss;
        }
        // nn.MSELoss: mean over batch and outputs; its gradient is 2 (yS - yT) / (m c).
        diff.scale(m, 2.0 / ((double) m * outDim));
        student.backward(x, diff, m);
        optimizer.step(lr);
        if (normalize) {
            student.normalizeRows();
        }
        return loss;
    }

    @Override
    public List<LayerWeights> weights() {
        return student.weights();
    }
}
