package org.reluspec.jobs.linalg;

import java.util.Arrays;

/**
 * A {@link Matrix} of double entries. // float: * A {@link Matrix} of float entries.
 *
 * <p>The float twin is generated from the double class at build time (jobs/pom.xml). There,
 * {@code double} has two roles: the entries' type, which becomes float, and the type of the
 * interface and of sums, which stays double. So locals holding entries are declared {@code var},
 * a conversion to the entries' type is written as a cast to double (a no-op here, a rounding to
 * float there), and the two lines that name the entries' type end with the twin's line after
 * {@code // float:}.
 */
public final class DMatrix implements Matrix {
    final int rows;
    final int cols;
    final double[] a; // float: final float[] a;

    public DMatrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        int entries = Math.multiplyExact(rows, cols);
        this.a = new double[entries]; // float: this.a = new float[entries];
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public double get(int r, int c) {
        return a[r * cols + c];
    }

    @Override
    public void set(int r, int c, double v) {
        a[r * cols + c] = (double) v;
    }

    @Override
    public void getRow(int r, double[] out) {
        for (int j = 0; j < cols; j++) {
            out[j] = a[r * cols + j];
        }
    }

    @Override
    public void setRow(int r, double[] values) {
        for (int j = 0; j < cols; j++) {
            a[r * cols + j] = (double) values[j];
        }
    }

    @Override
    public void fill(double v) {
        Arrays.fill(a, (double) v);
    }

    @Override
    public void copyFrom(Matrix other) {
        System.arraycopy(((DMatrix) other).a, 0, a, 0, a.length);
    }

    @Override
    public void gatherRows(Matrix src, int[] idx, int count) {
        var s = ((DMatrix) src).a;
        for (int i = 0; i < count; i++) {
            System.arraycopy(s, idx[i] * cols, a, i * cols, cols);
        }
    }

    @Override
    public void mul(Matrix am, Matrix bm, int m, boolean accumulate) {
        DKernels.gemm(false, ((DMatrix) am).a, am.cols(), ((DMatrix) bm).a, bm.cols(), a, cols, m, cols, am.cols(),
                accumulate);
    }

    @Override
    public void mulTransA(Matrix am, Matrix bm, int m, boolean accumulate) {
        DKernels.gemm(true, ((DMatrix) am).a, am.cols(), ((DMatrix) bm).a, bm.cols(), a, cols, rows, cols, m,
                accumulate);
    }

    @Override
    public void mulTransB(Matrix am, Matrix bm, int m, boolean accumulate) {
        DKernels.gemmTransB(((DMatrix) am).a, am.cols(), ((DMatrix) bm).a, bm.cols(), a, cols, m, cols, am.cols(),
                accumulate);
    }

    /** In double, rounded once to the entries' type (Java's +=). */
    @Override
    public void axpy(double alpha, Matrix xm, int from, int to) {
        var x = ((DMatrix) xm).a;
        int i = from; // float: int i = FloatUpdate.axpy(a, alpha, x, from, to);
        for (; i < to; i++) {
            a[i] += alpha * x[i];
        }
    }

    @Override
    public void scaleAdd(double alpha, double beta, Matrix xm) {
        var x = ((DMatrix) xm).a;
        var al = (double) alpha;
        var be = (double) beta;
        for (int i = 0; i < a.length; i++) {
            a[i] = al * a[i] + be * x[i];
        }
    }

    @Override
    public void sub(Matrix am, Matrix bm, int m) {
        var x = ((DMatrix) am).a;
        var y = ((DMatrix) bm).a;
        for (int i = 0, e = m * cols; i < e; i++) {
            a[i] = x[i] - y[i];
        }
    }

    @Override
    public void relu(int m, double slope) {
        DKernels.relu(a, m * cols, (double) slope);
    }

    @Override
    public void reluBackward(Matrix actm, int m, double slope) {
        DKernels.reluBackward(a, ((DMatrix) actm).a, m * cols, (double) slope);
    }

    @Override
    public void setColumn(int c, int m, double v) {
        for (int i = 0; i < m; i++) {
            a[i * cols + c] = (double) v;
        }
    }

    @Override
    public void setRowRange(int r, int c0, int c1, double v) {
        Arrays.fill(a, r * cols + c0, r * cols + c1, (double) v);
    }

    @Override
    public double sumSquares(int m) {
        double s = 0;
        for (int i = 0, e = m * cols; i < e; i++) {
            s += a[i] * a[i];
        }
        return s;
    }

    @Override
    public double rowSumSquares(int r) {
        double s = 0;
        for (int j = r * cols, e = j + cols; j < e; j++) {
            s += a[j] * a[j];
        }
        return s;
    }

    @Override
    public boolean allFinite() {
        for (var v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void scaleColumn(int c, int r0, int r1, double s) {
        for (int i = r0; i < r1; i++) {
            a[i * cols + c] *= (double) s;
        }
    }

    @Override
    public double columnSumSquares(int c, int r0, int r1) {
        double s = 0;
        for (int i = r0; i < r1; i++) {
            double v = a[i * cols + c];
            s += v * v;
        }
        return s;
    }

    @Override
    public int entryBytes() {
        return Double.BYTES;
    }

    // ---- Kernels of the multi-layer engine. ----

    @Override
    public void addRowVector(Matrix vm, int m) {
        var v = ((DMatrix) vm).a;
        for (int i = 0; i < m; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                a[o + j] += v[j];
            }
        }
    }

    @Override
    public void sumRowsOf(Matrix srcm, int m) {
        var s = ((DMatrix) srcm).a;
        Arrays.fill(a, 0, cols, 0.0);
        for (int i = 0; i < m; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                a[j] += s[o + j];
            }
        }
    }

    @Override
    public void scale(int m, double s) {
        var f = (double) s;
        for (int i = 0, e = m * cols; i < e; i++) {
            a[i] *= f;
        }
    }

    @Override
    public void scaleRow(int r, double s) {
        var f = (double) s;
        for (int j = r * cols, e = j + cols; j < e; j++) {
            a[j] *= f;
        }
    }

    @Override
    public void columnMeanVar(int m, double[] mean, double[] var) {
        Arrays.fill(mean, 0, cols, 0.0);
        Arrays.fill(var, 0, cols, 0.0);
        for (int i = 0; i < m; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                mean[j] += a[o + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            mean[j] /= m;
        }
        for (int i = 0; i < m; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                double d = a[o + j] - mean[j];
                var[j] += d * d;
            }
        }
        for (int j = 0; j < cols; j++) {
            var[j] /= m;
        }
    }

    @Override
    public void columnSumsWith(Matrix xm, int m, double[] sum, double[] sumTimesX) {
        var x = ((DMatrix) xm).a;
        Arrays.fill(sum, 0, cols, 0.0);
        Arrays.fill(sumTimesX, 0, cols, 0.0);
        for (int i = 0; i < m; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                double v = a[o + j];
                sum[j] += v;
                sumTimesX[j] += v * x[o + j];
            }
        }
    }

    @Override
    public void scaleShiftColumns(Matrix srcm, int m, double[] scale, double[] shift) {
        var s = ((DMatrix) srcm).a;
        for (int i = 0; i < m; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                a[o + j] = (double) (s[o + j] * scale[j] + shift[j]);
            }
        }
    }

    @Override
    public void combineColumns(Matrix dym, Matrix xm, int m, double[] ca, double[] cb, double[] cc) {
        var dy = ((DMatrix) dym).a;
        var x = ((DMatrix) xm).a;
        for (int i = 0; i < m; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                a[o + j] = (double) (dy[o + j] * ca[j] + x[o + j] * cb[j] + cc[j]);
            }
        }
    }

    @Override
    public void adamStep(Matrix gradm, Matrix m1m, Matrix m2m, double b1, double b2, double stepSize,
                         double sqrtBc2, double eps) {
        var g = ((DMatrix) gradm).a;
        var m1 = ((DMatrix) m1m).a;
        var m2 = ((DMatrix) m2m).a;
        for (int i = 0; i < a.length; i++) {
            double gi = g[i];
            double v1 = b1 * m1[i] + (1 - b1) * gi;
            double v2 = b2 * m2[i] + (1 - b2) * gi * gi;
            m1[i] = (double) v1;
            m2[i] = (double) v2;
            a[i] = (double) (a[i] - stepSize * v1 / (Math.sqrt(v2) / sqrtBc2 + eps));
        }
    }

    @Override
    public void transposeOf(Matrix srcm) {
        var src = ((DMatrix) srcm).a;
        int srcCols = srcm.cols();
        for (int r = 0; r < srcm.rows(); r++) {
            for (int c = 0; c < srcCols; c++) {
                a[c * cols + r] = src[r * srcCols + c];
            }
        }
    }
}
