package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.linalg.Parallel;

/**
 * A two-layer network in the reference's homogeneous form. Inputs carry a constant 1 as their
 * last column, so the hidden biases are the last row of {@code w1}. {@code w1} has one extra
 * column fixed to the unit vector of that constant: its hidden unit is always 1 (ReLU keeps it),
 * which makes the last row of {@code w2} the output bias and lets every product be one kernel call.
 */
final class TwoLayerNet {
    /** From this many rows on, the backward pass multiplies by a transposed copy of w2. */
    static final int TRANSPOSE_ROWS = 64;

    final int inputs;
    final int hidden;
    final int outputs;
    final boolean nonlinear;
    /** (inputs + 1) x (hidden + 1); column {@code hidden} is the constant unit. */
    final Matrix w1;
    /** (hidden + 1) x outputs; row {@code hidden} is the output bias. */
    final Matrix w2;
    /** Scratch: w2 transposed, for the backward product of large batches. */
    private final Matrix w2t;
    /** The run's threads, which the products are split between (one until the run sets its own). */
    private Parallel par = new Parallel(1);

    TwoLayerNet(int inputs, int hidden, int outputs, boolean nonlinear, boolean floatPrecision) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        this.nonlinear = nonlinear;
        this.w1 = Matrix.create(floatPrecision, inputs + 1, hidden + 1);
        this.w2 = Matrix.create(floatPrecision, hidden + 1, outputs);
        this.w2t = Matrix.create(floatPrecision, outputs, hidden + 1);
        w1.set(inputs, hidden, 1.0);
    }

    /** Splits this network's products between the run's threads from now on. */
    void splitProductsBetween(Parallel threads) {
        this.par = threads;
    }

    /** h = act(x w1) (rows x (hidden + 1), last column 1), y = h w2. */
    void forward(Matrix x, int rows, Matrix h, Matrix y) {
        par.mul(h, x, w1, rows, false);
        if (nonlinear) {
            h.relu(rows, 0.0);
        }
        par.mul(y, h, w2, rows, false);
    }

    /**
     * Given g2 = target - output (the reference's sign: the negative gradient of
     * 0.5 * ||target - output||^2 per sample), the summed descent directions dW1 and dW2 over the
     * rows; g1 is scratch of shape rows x (hidden + 1) and holds the hidden-layer signal after.
     */
    void backward(Matrix x, Matrix h, Matrix g2, int rows, Matrix g1, Matrix dw1, Matrix dw2,
                  boolean accumulate) {
        par.mulTransA(dw2, h, g2, rows, accumulate);
        if (rows >= TRANSPOSE_ROWS) {
            // Many rows: copying w2 once buys the register-tiled product (no horizontal sums).
            w2t.transposeOf(w2);
            par.mul(g1, g2, w2t, rows, false);
        } else {
            par.mulTransB(g1, g2, w2, rows, false);
        }
        if (nonlinear) {
            g1.reluBackward(h, rows, 0.0);
        }
        g1.setColumn(hidden, rows, 0.0);
        par.mulTransA(dw1, x, g1, rows, accumulate);
    }

    /** Scales each hidden node's weight vector (bias excluded) to unit norm, as the reference does. */
    void normalizeHiddenWeights() {
        for (int j = 0; j < hidden; j++) {
            double norm = Math.sqrt(w1.columnSumSquares(j, 0, inputs));
            w1.scaleColumn(j, 0, inputs, 1.0 / norm);
        }
    }

    /** Zeroes the hidden and output biases (no_bias). */
    void clearBiases() {
        w1.setRowRange(inputs, 0, hidden, 0.0);
        w2.setRowRange(hidden, 0, outputs, 0.0);
    }

    /** Hidden node j's augmented weight vector (w, b). */
    double[] augmentedWeights(int j) {
        double[] v = new double[inputs + 1];
        for (int k = 0; k <= inputs; k++) {
            v[k] = w1.get(k, j);
        }
        return v;
    }

    /** Norm of hidden node j's fan-out weights. */
    double fanoutNorm(int j) {
        return Math.sqrt(w2.rowSumSquares(j));
    }

    /** This network in the plain layout (the constant unit column left out). */
    TwoLayerWeights weights() {
        double[] a = new double[inputs * hidden];
        double[] b1 = new double[hidden];
        double[] b = new double[hidden * outputs];
        double[] b2 = new double[outputs];
        for (int j = 0; j < hidden; j++) {
            for (int k = 0; k < inputs; k++) {
                a[k * hidden + j] = w1.get(k, j);
            }
            b1[j] = w1.get(inputs, j);
            for (int o = 0; o < outputs; o++) {
                b[j * outputs + o] = w2.get(j, o);
            }
        }
        for (int o = 0; o < outputs; o++) {
            b2[o] = w2.get(hidden, o);
        }
        return new TwoLayerWeights(inputs, hidden, outputs, a, b1, b, b2);
    }

    /** Sets every weight and bias from {@code w} (same shape). */
    void load(TwoLayerWeights w) {
        if (w.d() != inputs || w.n() != hidden || w.c() != outputs) {
            throw new IllegalArgumentException("shape " + w.d() + "x" + w.n() + "x" + w.c()
                    + " does not match " + inputs + "x" + hidden + "x" + outputs);
        }
        for (int j = 0; j < hidden; j++) {
            for (int k = 0; k < inputs; k++) {
                w1.set(k, j, w.w1()[k * hidden + j]);
            }
            w1.set(inputs, j, w.b1()[j]);
            for (int o = 0; o < outputs; o++) {
                w2.set(j, o, w.w2()[j * outputs + o]);
            }
        }
        for (int o = 0; o < outputs; o++) {
            w2.set(hidden, o, w.b2()[o]);
        }
    }
}
