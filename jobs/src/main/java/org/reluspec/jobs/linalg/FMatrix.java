package org.reluspec.jobs.linalg;

import java.util.Arrays;

/** Single-precision (float) {@link Matrix}. */
public final class FMatrix implements Matrix {
    final int rows;
    final int cols;
    final float[] a;

    public FMatrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.a = new float[Math.multiplyExact(rows, cols)];
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** The backing array, row-major. */
    public float[] data() {
        return a;
    }

    @Override
    public double get(int r, int c) {
        return a[r * cols + c];
    }

    @Override
    public void set(int r, int c, double v) {
        a[r * cols + c] = (float) v;
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
            a[r * cols + j] = (float) values[j];
        }
    }

    @Override
    public void fill(double v) {
        Arrays.fill(a, (float) v);
    }

    @Override
    public void copyFrom(Matrix other) {
        System.arraycopy(((FMatrix) other).a, 0, a, 0, a.length);
    }

    @Override
    public void gatherRows(Matrix src, int[] idx, int count) {
        float[] s = ((FMatrix) src).a;
        for (int i = 0; i < count; i++) {
            System.arraycopy(s, idx[i] * cols, a, i * cols, cols);
        }
    }

    @Override
    public void mul(Matrix am, Matrix bm, int m, boolean accumulate) {
        FKernels.gemm(false, ((FMatrix) am).a, am.cols(), ((FMatrix) bm).a, bm.cols(), a, cols, m, cols, am.cols(),
                accumulate);
    }

    @Override
    public void mulTransA(Matrix am, Matrix bm, int m, boolean accumulate) {
        FKernels.gemm(true, ((FMatrix) am).a, am.cols(), ((FMatrix) bm).a, bm.cols(), a, cols, rows, cols, m,
                accumulate);
    }

    @Override
    public void mulTransB(Matrix am, Matrix bm, int m, boolean accumulate) {
        FKernels.gemmTransB(((FMatrix) am).a, am.cols(), ((FMatrix) bm).a, bm.cols(), a, cols, m, cols, am.cols(),
                accumulate);
    }

    @Override
    public void axpy(double alpha, Matrix xm) {
        axpy(a, alpha, ((FMatrix) xm).a, 0, a.length);
    }

    /** a[i] += alpha * x[i] for i in [from, to), in double, rounded to float once (Java's arithmetic). */
    static void axpy(float[] a, double alpha, float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] += alpha * x[i];
        }
    }

    @Override
    public void scaleAdd(double alpha, double beta, Matrix xm) {
        float[] x = ((FMatrix) xm).a;
        float al = (float) alpha;
        float be = (float) beta;
        for (int i = 0; i < a.length; i++) {
            a[i] = al * a[i] + be * x[i];
        }
    }

    @Override
    public void sub(Matrix am, Matrix bm, int m) {
        float[] x = ((FMatrix) am).a;
        float[] y = ((FMatrix) bm).a;
        for (int i = 0, e = m * cols; i < e; i++) {
            a[i] = x[i] - y[i];
        }
    }

    @Override
    public void relu(int m, double slope) {
        FKernels.relu(a, m * cols, (float) slope);
    }

    @Override
    public void reluBackward(Matrix actm, int m, double slope) {
        FKernels.reluBackward(a, ((FMatrix) actm).a, m * cols, (float) slope);
    }

    @Override
    public void setColumn(int c, int m, double v) {
        for (int i = 0; i < m; i++) {
            a[i * cols + c] = (float) v;
        }
    }

    @Override
    public void setRowRange(int r, int c0, int c1, double v) {
        Arrays.fill(a, r * cols + c0, r * cols + c1, (float) v);
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
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void scaleColumn(int c, int r0, int r1, double s) {
        for (int i = r0; i < r1; i++) {
            a[i * cols + c] *= (float) s;
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
        return 4;
    }

    // ---- Kernels of the multi-layer engine. ----

    @Override
    public void addRowVector(Matrix vm, int m) {
        float[] v = ((FMatrix) vm).a;
        for (int i = 0; i < m; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                a[o + j] += v[j];
            }
        }
    }

    @Override
    public void sumRowsOf(Matrix srcm, int m) {
        float[] s = ((FMatrix) srcm).a;
        Arrays.fill(a, 0, cols, 0f);
        for (int i = 0; i < m; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                a[j] += s[o + j];
            }
        }
    }

    @Override
    public void scale(int m, double s) {
        float f = (float) s;
        for (int i = 0, e = m * cols; i < e; i++) {
            a[i] *= f;
        }
    }

    @Override
    public void scaleRow(int r, double s) {
        float f = (float) s;
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
        float[] x = ((FMatrix) xm).a;
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
        float[] s = ((FMatrix) srcm).a;
        for (int i = 0; i < m; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                a[o + j] = (float) (s[o + j] * scale[j] + shift[j]);
            }
        }
    }

    @Override
    public void combineColumns(Matrix dym, Matrix xm, int m, double[] ca, double[] cb, double[] cc) {
        float[] dy = ((FMatrix) dym).a;
        float[] x = ((FMatrix) xm).a;
        for (int i = 0; i < m; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) {
                a[o + j] = (float) (dy[o + j] * ca[j] + x[o + j] * cb[j] + cc[j]);
            }
        }
    }

    @Override
    public void adamStep(Matrix gradm, Matrix m1m, Matrix m2m, double b1, double b2, double stepSize,
                         double sqrtBc2, double eps) {
        float[] g = ((FMatrix) gradm).a;
        float[] m1 = ((FMatrix) m1m).a;
        float[] m2 = ((FMatrix) m2m).a;
        for (int i = 0; i < a.length; i++) {
            double gi = g[i];
            double v1 = b1 * m1[i] + (1 - b1) * gi;
            double v2 = b2 * m2[i] + (1 - b2) * gi * gi;
            m1[i] = (float) v1;
            m2[i] = (float) v2;
            a[i] = (float) (a[i] - stepSize * v1 / (Math.sqrt(v2) / sqrtBc2 + eps));
        }
    }

    @Override
    public void transposeOf(Matrix srcm) {
        float[] src = ((FMatrix) srcm).a;
        int srcCols = srcm.cols();
        for (int r = 0; r < srcm.rows(); r++) {
            for (int c = 0; c < srcCols; c++) {
                a[c * cols + r] = src[r * srcCols + c];
            }
        }
    }
}
