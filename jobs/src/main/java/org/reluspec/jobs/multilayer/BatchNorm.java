package org.reluspec.jobs.multilayer;

import org.reluspec.jobs.linalg.Matrix;

/**
 * BatchNorm1d with PyTorch's semantics (eps 1e-5, momentum 0.1): in training mode it normalizes
 * with the batch mean and biased variance and moves the running statistics towards the batch's
 * (unbiased variance); in evaluation mode it uses the running statistics. Affine parameters
 * (scale 1, shift 0 initially) are optional. Per-feature vectors are kept in double.
 */
final class BatchNorm {
    static final double EPS = 1e-5;
    static final double MOMENTUM = 0.1;

    final int n;
    final boolean affine;
    /** 1 x n; null without affine parameters. */
    final Matrix gamma;
    final Matrix beta;
    final Matrix gammaGrad;
    final Matrix betaGrad;
    final double[] runningMean;
    final double[] runningVar;

    // Statistics of the last forward pass, kept for the backward pass.
    private final double[] mean;
    private final double[] var;
    private final double[] invStd;
    private final double[] scale;
    private final double[] shift;
    private final double[] sumDy;
    private final double[] sumDyX;
    private final double[] cb;
    private final double[] cc;
    private boolean lastBatchStats;

    BatchNorm(boolean floatPrecision, int n, boolean affine) {
        this.n = n;
        this.affine = affine;
        if (affine) {
            gamma = Matrix.create(floatPrecision, 1, n);
            gamma.fill(1);
            beta = Matrix.create(floatPrecision, 1, n);
            gammaGrad = Matrix.create(floatPrecision, 1, n);
            betaGrad = Matrix.create(floatPrecision, 1, n);
        } else {
            gamma = null;
            beta = null;
            gammaGrad = null;
            betaGrad = null;
        }
        runningMean = new double[n];
        runningVar = new double[n];
        java.util.Arrays.fill(runningVar, 1.0);
        mean = new double[n];
        var = new double[n];
        invStd = new double[n];
        scale = new double[n];
        shift = new double[n];
        sumDy = new double[n];
        sumDyX = new double[n];
        cb = new double[n];
        cc = new double[n];
    }

    private double g(int j) {
        return affine ? gamma.get(0, j) : 1.0;
    }

    private double b(int j) {
        return affine ? beta.get(0, j) : 0.0;
    }

    /**
     * out[0..m) = BN(in[0..m)). {@code batchStats}: training mode; {@code updateRunning}: also move
     * the running statistics (false for read-outs that must not change the model).
     */
    void forward(Matrix in, Matrix out, int m, boolean batchStats, boolean updateRunning) {
        lastBatchStats = batchStats;
        if (batchStats) {
            in.columnMeanVar(m, mean, var);
            if (updateRunning) {
                double unbiased = m > 1 ? (double) m / (m - 1) : 1.0;
                for (int j = 0; j < n; j++) {
                    runningMean[j] = (1 - MOMENTUM) * runningMean[j] + MOMENTUM * mean[j];
                    runningVar[j] = (1 - MOMENTUM) * runningVar[j] + MOMENTUM * var[j] * unbiased;
                }
            }
        } else {
            System.arraycopy(runningMean, 0, mean, 0, n);
            System.arraycopy(runningVar, 0, var, 0, n);
        }
        for (int j = 0; j < n; j++) {
            invStd[j] = 1.0 / Math.sqrt(var[j] + EPS);
            scale[j] = g(j) * invStd[j];
            shift[j] = b(j) - mean[j] * scale[j];
        }
        out.scaleShiftColumns(in, m, scale, shift);
    }

    /**
     * dIn[0..m) from dOut[0..m) and the forward input {@code in}; fills the affine gradients.
     * With batch statistics, xhat = (x - mean) invStd depends on the whole batch:
     * dx = gamma invStd / m (m dy - sum dy - xhat sum(dy xhat)), written as dy a + x b + c.
     */
    void backward(Matrix in, Matrix dOut, Matrix dIn, int m) {
        dOut.columnSumsWith(in, m, sumDy, sumDyX);
        for (int j = 0; j < n; j++) {
            double sumDyXhat = invStd[j] * (sumDyX[j] - mean[j] * sumDy[j]);
            if (affine) {
                gammaGrad.set(0, j, sumDyXhat);
                betaGrad.set(0, j, sumDy[j]);
            }
            if (lastBatchStats) {
                cb[j] = -scale[j] * invStd[j] * sumDyXhat / m;
                cc[j] = -scale[j] * sumDy[j] / m - cb[j] * mean[j];
            } else {
                cb[j] = 0;
                cc[j] = 0;
            }
        }
        dIn.combineColumns(dOut, in, m, scale, cb, cc);
    }
}
