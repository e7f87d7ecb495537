package org.reluspec.jobs.linalg;

/**
 * A dense row-major matrix in double or float, with the few kernels the engines need. The
 * engines are written once against this interface; {@link DMatrix} and {@link FMatrix} hold the
 * loops, shaped so that the JIT vectorizes the innermost one (unit stride, no reductions).
 * Kernels never allocate.
 */
public interface Matrix {

    static Matrix create(boolean floatPrecision, int rows, int cols) {
        return floatPrecision ? new FMatrix(rows, cols) : new DMatrix(rows, cols);
    }

    int rows();

    int cols();

    double get(int r, int c);

    void set(int r, int c, double v);

    /** Row {@code r} as doubles into {@code out[0..cols)}. */
    void getRow(int r, double[] out);

    void setRow(int r, double[] values);

    void fill(double v);

    void copyFrom(Matrix other);

    /** Rows {@code rows[0..count)} of {@code src} into rows 0..count of this. */
    void gatherRows(Matrix src, int[] rows, int count);

    /** this[0..m) = a[0..m) * b, or += when {@code accumulate}; m = the first {@code m} rows. */
    void mul(Matrix a, Matrix b, int m, boolean accumulate);

    /** this = a[0..m)^T * b[0..m), or += when {@code accumulate}. */
    void mulTransA(Matrix a, Matrix b, int m, boolean accumulate);

    /** this[0..m) = a[0..m) * b^T, or += when {@code accumulate}. */
    void mulTransB(Matrix a, Matrix b, int m, boolean accumulate);

    /** this += alpha * x (same shape). */
    default void axpy(double alpha, Matrix x) {
        axpy(alpha, x, 0, rows() * cols());
    }

    /** Entries [from, to) of this (row-major order) += alpha times those of x (same shape). */
    void axpy(double alpha, Matrix x, int from, int to);

    /** this = alpha * this + beta * x (same shape); used by momentum and decay updates. */
    void scaleAdd(double alpha, double beta, Matrix x);

    /** this[0..m) = a[0..m) - b[0..m). */
    void sub(Matrix a, Matrix b, int m);

    /** In place on rows 0..m: x -> max(x, slope * x) (slope 0: ReLU). */
    void relu(int m, double slope);

    /**
     * In place on rows 0..m: multiplies by the derivative of the nonlinearity, read off the
     * activation {@code act}: slope where act <= 0, 1 where act > 0 (PyTorch's convention at 0).
     */
    void reluBackward(Matrix act, int m, double slope);

    void setColumn(int c, int m, double v);

    void setRowRange(int r, int c0, int c1, double v);

    /** Sum of squares of rows 0..m (in double). */
    double sumSquares(int m);

    /** Sum of squares of row r. */
    double rowSumSquares(int r);

    /** Sum of squares of every entry. */
    default double sumSquares() {
        return sumSquares(rows());
    }

    /** True if every entry is finite. */
    boolean allFinite();

    /** Column c over rows r0..r1 multiplied by s. */
    void scaleColumn(int c, int r0, int r1, double s);

    /** Sum of squares of column c over rows r0..r1. */
    double columnSumSquares(int c, int r0, int r1);

    /** Bytes per entry: 8 or 4. */
    int entryBytes();

    // ---- Kernels of the multi-layer engine (bias, batch normalization, Adam, row scaling). ----

    /** In place on rows 0..m: adds row 0 of {@code v} (a 1 x cols bias) to every row. */
    void addRowVector(Matrix v, int m);

    /** Row 0 of this (1 x cols) = the sum of rows 0..m of {@code src}; e.g. a bias gradient. */
    void sumRowsOf(Matrix src, int m);

    /** In place on rows 0..m: multiplies by {@code s}. */
    void scale(int m, double s);

    /** Multiplies row {@code r} by {@code s}. */
    void scaleRow(int r, double s);

    /** Per column over rows 0..m, in double: the mean and the biased variance (two passes). */
    void columnMeanVar(int m, double[] mean, double[] var);

    /** Per column over rows 0..m, in double: sum of this and sum of this * x. */
    void columnSumsWith(Matrix x, int m, double[] sum, double[] sumTimesX);

    /** Rows 0..m: this = src * scale[col] + shift[col]. */
    void scaleShiftColumns(Matrix src, int m, double[] scale, double[] shift);

    /** Rows 0..m: this = dy * a[col] + x * b[col] + c[col]. */
    void combineColumns(Matrix dy, Matrix x, int m, double[] a, double[] b, double[] c);

    /**
     * One Adam update of this parameter, PyTorch's arithmetic: m1 = b1 m1 + (1-b1) g,
     * m2 = b2 m2 + (1-b2) g^2, this -= stepSize * m1 / (sqrt(m2) / sqrtBc2 + eps).
     */
    void adamStep(Matrix grad, Matrix m1, Matrix m2, double b1, double b2, double stepSize,
                  double sqrtBc2, double eps);

    /** this = src^T (this has src's shape transposed). */
    void transposeOf(Matrix src);
}
