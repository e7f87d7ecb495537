package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.linalg.Matrix;

/**
 * The student's fit of the teacher on the training set as a least-squares problem in double:
 * residuals r = student output - teacher output over every sample and output, loss 0.5 ||r||^2,
 * its gradient J^T r, the Gauss-Newton products J^T J v (matrix-free) and the dense J^T J.
 *
 * <p>Parameters form one vector theta: hidden node j's augmented weights (w_j, b_j) at
 * j (d+1) .. j (d+1) + d, then the output layer row by row (row n: the output bias) at
 * n (d+1) + j c + o. {@code trained} marks the entries that move (frozen layers, no_bias).
 * Every sum runs over samples in order, so results are the same bits every time; all buffers
 * are allocated here, so evaluations and products allocate nothing.
 */
final class TwoLayerLeastSquares {
    final int n;
    final int d1;
    final int c;
    final int p1;
    final int p;
    final int samples;
    private final boolean nonlinear;
    final boolean[] trained;
    private final double[] x;
    private final double[] xNorm;
    private final double[] t;

    /** Parameters of the last {@link #evaluate}, and its hidden outputs, ReLU slopes and residuals. */
    private final double[] theta;
    private final double[] h;
    private final double[] act;
    private final double[] r;

    private double maxSampleGradNorm;
    private double fullBatchGradNorm;

    private final double[] s;
    private final double[] jv;
    private final double[] coef;
    private final double[] outer;
    private final double[] hh;

    TwoLayerLeastSquares(TwoLayerNet student, Matrix xTrain, Matrix yTeacher, boolean trainHidden,
                         boolean trainOutput, boolean noBias) {
        this.n = student.hidden;
        this.d1 = student.inputs + 1;
        this.c = student.outputs;
        this.p1 = n * d1;
        this.p = p1 + (n + 1) * c;
        this.samples = xTrain.rows();
        this.nonlinear = student.nonlinear;
        this.trained = new boolean[p];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d1; k++) {
                trained[j * d1 + k] = trainHidden && !(noBias && k == d1 - 1);
            }
        }
        for (int j = 0; j <= n; j++) {
            for (int o = 0; o < c; o++) {
                trained[p1 + j * c + o] = trainOutput && !(noBias && j == n);
            }
        }
        this.x = new double[samples * d1];
        this.xNorm = new double[samples];
        this.t = new double[samples * c];
        double[] row = new double[d1];
        double[] out = new double[c];
        for (int b = 0; b < samples; b++) {
            xTrain.getRow(b, row);
            System.arraycopy(row, 0, x, b * d1, d1);
            xNorm[b] = Math.sqrt(xTrain.rowSumSquares(b));
            yTeacher.getRow(b, out);
            System.arraycopy(out, 0, t, b * c, c);
        }
        this.theta = new double[p];
        this.h = new double[samples * (n + 1)];
        this.act = new double[samples * n];
        this.r = new double[samples * c];
        this.s = new double[n];
        this.jv = new double[c];
        this.coef = new double[(n + 1) * c];
        this.outer = new double[d1 * d1];
        this.hh = new double[(n + 1) * (n + 1)];
    }

    int trainedCount() {
        int count = 0;
        for (boolean b : trained) {
            count += b ? 1 : 0;
        }
        return count;
    }

    /** The student's weights as theta. */
    void read(TwoLayerNet student, double[] out) {
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d1; k++) {
                out[j * d1 + k] = student.w1.get(k, j);
            }
        }
        for (int j = 0; j <= n; j++) {
            for (int o = 0; o < c; o++) {
                out[p1 + j * c + o] = student.w2.get(j, o);
            }
        }
    }

    /** Sets the student's weights to theta. */
    void write(double[] in, TwoLayerNet student) {
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d1; k++) {
                student.w1.set(k, j, in[j * d1 + k]);
            }
        }
        for (int j = 0; j <= n; j++) {
            for (int o = 0; o < c; o++) {
                student.w2.set(j, o, in[p1 + j * c + o]);
            }
        }
    }

    /** Forward pass at {@code th} (kept for the products); returns the loss 0.5 ||r||^2. */
    double evaluate(double[] th) {
        System.arraycopy(th, 0, theta, 0, p);
        double loss = 0;
        for (int b = 0; b < samples; b++) {
            int xb = b * d1;
            int hb = b * (n + 1);
            for (int j = 0; j < n; j++) {
                double z = 0;
                int wj = j * d1;
                for (int k = 0; k < d1; k++) {
                    z += x[xb + k] * th[wj + k];
                }
                // PyTorch's convention: the ReLU's slope at 0 is 0.
                boolean on = !nonlinear || z > 0;
                act[b * n + j] = on ? 1.0 : 0.0;
                h[hb + j] = nonlinear ? (on ? z : 0.0) : z;
            }
            h[hb + n] = 1.0;
            for (int o = 0; o < c; o++) {
                double y = 0;
                for (int j = 0; j <= n; j++) {
                    y += h[hb + j] * th[p1 + j * c + o];
                }
                double res = y - t[b * c + o];
                r[b * c + o] = res;
                loss += res * res;
            }
        }
        return 0.5 * loss;
    }

    /**
     * g = J^T r at the last evaluation, zero where not trained; also the largest per-sample
     * gradient norm of the hidden layer and the full-batch one (gradient of the mean loss),
     * both as {@link TwoLayerReadout} defines them.
     */
    void gradient(double[] g) {
        java.util.Arrays.fill(g, 0.0);
        double max = 0;
        for (int b = 0; b < samples; b++) {
            int rb = b * c;
            double ss = 0;
            for (int j = 0; j < n; j++) {
                double v = 0;
                if (act[b * n + j] != 0) {
                    for (int o = 0; o < c; o++) {
                        v += theta[p1 + j * c + o] * r[rb + o];
                    }
                }
                s[j] = v;
                ss += v * v;
            }
            double norm = xNorm[b] * Math.sqrt(ss);
            max = Math.max(max, Double.isNaN(norm) ? Double.POSITIVE_INFINITY : norm);
            accumulateTransposed(b, s, r, rb, g);
        }
        double lowest = 0;
        for (int i = 0; i < p1; i++) {
            lowest += g[i] * g[i];
        }
        maxSampleGradNorm = max;
        fullBatchGradNorm = Math.sqrt(lowest) / samples;
        mask(g);
    }

    /** out += J_b^T u for sample b, given the hidden signal s_j = act_j sum_o W2[j,o] u_o. */
    private void accumulateTransposed(int b, double[] sig, double[] u, int u0, double[] out) {
        int xb = b * d1;
        int hb = b * (n + 1);
        for (int j = 0; j < n; j++) {
            double v = sig[j];
            if (v != 0) {
                int wj = j * d1;
                for (int k = 0; k < d1; k++) {
                    out[wj + k] += v * x[xb + k];
                }
            }
        }
        for (int j = 0; j <= n; j++) {
            double hj = h[hb + j];
            if (hj != 0) {
                int w = p1 + j * c;
                for (int o = 0; o < c; o++) {
                    out[w + o] += hj * u[u0 + o];
                }
            }
        }
    }

    /** The residuals of the last evaluation (samples x outputs, row-major). */
    void residuals(double[] out) {
        System.arraycopy(r, 0, out, 0, r.length);
    }

    double maxSampleGradNorm() {
        return maxSampleGradNorm;
    }

    double fullBatchGradNorm() {
        return fullBatchGradNorm;
    }

    void mask(double[] v) {
        for (int i = 0; i < p; i++) {
            if (!trained[i]) {
                v[i] = 0.0;
            }
        }
    }

    /** J v at sample b into {@link #jv} (v zero where not trained). */
    private void jacobianTimes(int b, double[] v) {
        int xb = b * d1;
        int hb = b * (n + 1);
        for (int o = 0; o < c; o++) {
            jv[o] = 0.0;
        }
        for (int j = 0; j < n; j++) {
            if (act[b * n + j] == 0) {
                continue;
            }
            double dz = 0;
            int wj = j * d1;
            for (int k = 0; k < d1; k++) {
                dz += x[xb + k] * v[wj + k];
            }
            if (dz != 0) {
                int w = p1 + j * c;
                for (int o = 0; o < c; o++) {
                    jv[o] += dz * theta[w + o];
                }
            }
        }
        for (int j = 0; j <= n; j++) {
            double hj = h[hb + j];
            if (hj != 0) {
                int w = p1 + j * c;
                for (int o = 0; o < c; o++) {
                    jv[o] += hj * v[w + o];
                }
            }
        }
    }

    /** Writes J v (all samples, row-major samples x outputs) into out; for tests. */
    void jacobianProduct(double[] v, double[] out) {
        for (int b = 0; b < samples; b++) {
            jacobianTimes(b, v);
            System.arraycopy(jv, 0, out, b * c, c);
        }
    }

    /** out = J^T u (u: samples x outputs, row-major), zero where not trained; for tests. */
    void transposedProduct(double[] u, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        for (int b = 0; b < samples; b++) {
            hiddenSignal(b, u, b * c);
            accumulateTransposed(b, s, u, b * c, out);
        }
        mask(out);
    }

    private void hiddenSignal(int b, double[] u, int u0) {
        for (int j = 0; j < n; j++) {
            double v = 0;
            if (act[b * n + j] != 0) {
                for (int o = 0; o < c; o++) {
                    v += theta[p1 + j * c + o] * u[u0 + o];
                }
            }
            s[j] = v;
        }
    }

    /** out = J^T J v without forming J: per sample, J_b v then J_b^T of it. v must be masked. */
    void normalProduct(double[] v, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        for (int b = 0; b < samples; b++) {
            jacobianTimes(b, v);
            hiddenSignal(b, jv, 0);
            accumulateTransposed(b, s, jv, 0, out);
        }
        mask(out);
    }

    /** The diagonal of J^T J (zero where not trained). */
    void normalDiagonal(double[] diag) {
        java.util.Arrays.fill(diag, 0.0);
        for (int b = 0; b < samples; b++) {
            int xb = b * d1;
            int hb = b * (n + 1);
            for (int j = 0; j < n; j++) {
                if (act[b * n + j] == 0) {
                    continue;
                }
                double w2 = 0;
                for (int o = 0; o < c; o++) {
                    double w = theta[p1 + j * c + o];
                    w2 += w * w;
                }
                int wj = j * d1;
                for (int k = 0; k < d1; k++) {
                    diag[wj + k] += w2 * x[xb + k] * x[xb + k];
                }
            }
            for (int j = 0; j <= n; j++) {
                double hj = h[hb + j];
                int w = p1 + j * c;
                for (int o = 0; o < c; o++) {
                    diag[w + o] += hj * hj;
                }
            }
        }
        mask(diag);
    }

    /**
     * The dense J^T J (p x p, row-major) from its block structure: hidden-hidden blocks
     * (W2 W2^T)_jj' sum_b act_j act_j' x x^T, hidden-output blocks W2[j,o] act_j h_j' x, and
     * output-output blocks sum_b h h^T repeated on every output; costs N (n (d+1))^2 / 2 per call
     * instead of N c P^2 for J built row by row. Entries not trained are left as computed (the
     * solver ignores them).
     */
    void normalMatrix(double[] a) {
        java.util.Arrays.fill(a, 0.0);
        java.util.Arrays.fill(hh, 0.0);
        for (int b = 0; b < samples; b++) {
            int xb = b * d1;
            int hb = b * (n + 1);
            for (int k = 0; k < d1; k++) {
                double xk = x[xb + k];
                for (int k2 = 0; k2 < d1; k2++) {
                    outer[k * d1 + k2] = xk * x[xb + k2];
                }
            }
            for (int j = 0; j < n; j++) {
                if (act[b * n + j] == 0) {
                    continue;
                }
                int wj = p1 + j * c;
                for (int j2 = j; j2 < n; j2++) {
                    if (act[b * n + j2] == 0) {
                        continue;
                    }
                    int w2 = p1 + j2 * c;
                    double m = 0;
                    for (int o = 0; o < c; o++) {
                        m += theta[wj + o] * theta[w2 + o];
                    }
                    if (m == 0) {
                        continue;
                    }
                    for (int k = 0; k < d1; k++) {
                        int row = (j * d1 + k) * p + j2 * d1;
                        int ok = k * d1;
                        for (int k2 = 0; k2 < d1; k2++) {
                            a[row + k2] += m * outer[ok + k2];
                        }
                    }
                }
                for (int j2 = 0; j2 <= n; j2++) {
                    double hj2 = h[hb + j2];
                    for (int o = 0; o < c; o++) {
                        coef[j2 * c + o] = theta[wj + o] * hj2;
                    }
                }
                int len = (n + 1) * c;
                for (int k = 0; k < d1; k++) {
                    double xk = x[xb + k];
                    if (xk == 0) {
                        continue;
                    }
                    int row = (j * d1 + k) * p + p1;
                    for (int q = 0; q < len; q++) {
                        a[row + q] += xk * coef[q];
                    }
                }
            }
            for (int j = 0; j <= n; j++) {
                double hj = h[hb + j];
                if (hj == 0) {
                    continue;
                }
                for (int j2 = j; j2 <= n; j2++) {
                    hh[j * (n + 1) + j2] += hj * h[hb + j2];
                }
            }
        }
        for (int j = 0; j <= n; j++) {
            for (int j2 = j; j2 <= n; j2++) {
                double v = hh[j * (n + 1) + j2];
                for (int o = 0; o < c; o++) {
                    a[(p1 + j * c + o) * p + p1 + j2 * c + o] = v;
                }
            }
        }
        // Upper triangle filled (hidden-hidden blocks j <= j2 in full): mirror it.
        for (int i = 0; i < p; i++) {
            for (int k = i + 1; k < p; k++) {
                a[k * p + i] = a[i * p + k];
            }
        }
    }
}
