package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.linalg.Parallel;

/** nn.Linear: y = x W^T + b with W stored [out, in] like PyTorch; the bias is optional. */
final class Linear {
    final int in;
    final int out;
    final Matrix weight;
    /** 1 x out; null without bias. */
    final Matrix bias;
    final Matrix weightGrad;
    final Matrix biasGrad;
    /** The run's threads, which the products are split between. */
    private final Parallel par;

    Linear(boolean floatPrecision, int in, int out, boolean hasBias, Parallel par) {
        this.par = par;
        this.in = in;
        this.out = out;
        weight = Matrix.create(floatPrecision, out, in);
        weightGrad = Matrix.create(floatPrecision, out, in);
        bias = hasBias ? Matrix.create(floatPrecision, 1, out) : null;
        biasGrad = hasBias ? Matrix.create(floatPrecision, 1, out) : null;
    }

    void forward(Matrix x, Matrix y, int m) {
        par.mulTransB(y, x, weight, m, false);
        if (bias != null) {
            y.addRowVector(bias, m);
        }
    }

    /** Fills the parameter gradients from dy = dLoss/dy; dx (may be null) = dy W. */
    void backward(Matrix x, Matrix dy, Matrix dx, int m) {
        par.mulTransA(weightGrad, dy, x, m, false);
        if (bias != null) {
            biasGrad.sumRowsOf(dy, m);
        }
        if (dx != null) {
            par.mul(dx, dy, weight, m, false);
        }
    }

    /** Squared norm of the row of node r: weights, plus the bias when {@code withBias}. */
    double rowSumSquares(int r, boolean withBias) {
        double s = weight.rowSumSquares(r);
        if (withBias && bias != null) {
            double b = bias.get(0, r);
            s += b * b;
        }
        return s;
    }

    /** The reference's normalization: row r (weights and bias) divided by ||weights of r|| + 1e-5. */
    void normalizeRows() {
        for (int r = 0; r < out; r++) {
            double norm = Math.sqrt(weight.rowSumSquares(r)) + 1e-5;
            weight.scaleRow(r, 1.0 / norm);
            if (bias != null) {
                bias.set(0, r, bias.get(0, r) / norm);
            }
        }
    }

    /** Frobenius norm of the gradient of this layer, weights and bias together. */
    double gradNorm() {
        double s = weightGrad.sumSquares();
        if (biasGrad != null) {
            s += biasGrad.sumSquares();
        }
        return Math.sqrt(s);
    }

    /** Norm of the outgoing weights of input node i: column i of W. */
    double columnNorm(int i) {
        return Math.sqrt(weight.columnSumSquares(i, 0, out));
    }

    /** Row r as (w, b): the augmented weight vector of node r. */
    double[] augmentedRow(int r) {
        double[] v = new double[in + 1];
        for (int c = 0; c < in; c++) {
            v[c] = weight.get(r, c);
        }
        v[in] = bias == null ? 0 : bias.get(0, r);
        return v;
    }

    void addParams(List<Trainable> params) {
        params.add(new Trainable(weight, weightGrad));
        if (bias != null) {
            params.add(new Trainable(bias, biasGrad));
        }
    }
}
