package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.linalg.Parallel;

/**
 * One hidden block of the reference: Linear, then BN -> act (bn_before_relu) or act -> BN, or
 * just act without BN. Its output (after both) is the recorded activation hs[l]. Buffers hold
 * {@code capacity} rows; forward and backward work on the first m.
 */
final class HiddenLayer {
    final Linear linear;
    /** Null without batch normalization. */
    final BatchNorm bn;
    final boolean bnBeforeAct;
    final double slope;
    final int width;

    /** Linear output; after act -> BN it holds the activation (BN's input). */
    final Matrix pre;
    /** Block output hs[l]; the same object as {@code pre} without BN. */
    final Matrix out;
    /** dLoss/d out. */
    final Matrix dOut;
    /** dLoss/d pre-activation (the linear output); the same object as {@code dOut} without BN. */
    final Matrix dPre;

    HiddenLayer(boolean floatPrecision, int in, int width, boolean hasBias, boolean useBn,
                boolean bnAffine, boolean bnBeforeAct, double slope, int capacity, Parallel par) {
        this.width = width;
        this.linear = new Linear(floatPrecision, in, width, hasBias, par);
        this.bn = useBn ? new BatchNorm(floatPrecision, width, bnAffine) : null;
        this.bnBeforeAct = bnBeforeAct;
        this.slope = slope;
        pre = Matrix.create(floatPrecision, capacity, width);
        out = useBn ? Matrix.create(floatPrecision, capacity, width) : pre;
        dOut = Matrix.create(floatPrecision, capacity, width);
        dPre = useBn ? Matrix.create(floatPrecision, capacity, width) : dOut;
    }

    void forward(Matrix x, int m, boolean batchStats, boolean updateRunning) {
        linear.forward(x, pre, m);
        if (bn == null) {
            pre.relu(m, slope);
        } else if (bnBeforeAct) {
            bn.forward(pre, out, m, batchStats, updateRunning);
            out.relu(m, slope);
        } else {
            pre.relu(m, slope);
            bn.forward(pre, out, m, batchStats, updateRunning);
        }
    }

    /** From dOut: parameter gradients, and dx = dLoss/dx into {@code dx} unless null. */
    void backward(Matrix x, Matrix dx, int m) {
        if (bn == null) {
            dOut.reluBackward(out, m, slope);
        } else if (bnBeforeAct) {
            dOut.reluBackward(out, m, slope);
            bn.backward(pre, dOut, dPre, m);
        } else {
            bn.backward(pre, dOut, dPre, m);
            dPre.reluBackward(pre, m, slope);
        }
        linear.backward(x, dPre, dx, m);
    }

    void addParams(List<Trainable> params) {
        linear.addParams(params);
        if (bn != null && bn.affine) {
            params.add(new Trainable(bn.gamma, bn.gammaGrad));
            params.add(new Trainable(bn.beta, bn.betaGrad));
        }
    }
}
