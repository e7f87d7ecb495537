package org.reluspec.jobs.metrics;

import org.reluspec.jobs.linalg.DKernels;
import org.reluspec.jobs.linalg.Matrix;

/**
 * Pearson correlation, over samples, between each teacher node's and each student node's
 * activation, accumulated chunk by chunk in double (as the reference's multi-layer statistics
 * do), so that a data set never has to be held as one activation matrix. A node with zero
 * variance on the data correlates 0 with everything.
 */
public final class CorrelationAccumulator {
    /** Added to variances so that dead nodes give 0, not NaN. */
    private static final double EPS = 1e-12;

    private final int m;
    private final int n;
    private final double[] sumT;
    private final double[] sumS;
    private final double[] sqT;
    private final double[] sqS;
    private final double[] cross;
    private double[] rowT = new double[0];
    private double[] rowS = new double[0];
    private double[] t = new double[0];
    private double[] s = new double[0];
    private long count;

    public CorrelationAccumulator(int teacherNodes, int studentNodes) {
        this.m = teacherNodes;
        this.n = studentNodes;
        sumT = new double[m];
        sumS = new double[n];
        sqT = new double[m];
        sqS = new double[n];
        cross = new double[m * n];
    }

    public void reset() {
        java.util.Arrays.fill(sumT, 0);
        java.util.Arrays.fill(sumS, 0);
        java.util.Arrays.fill(sqT, 0);
        java.util.Arrays.fill(sqS, 0);
        java.util.Arrays.fill(cross, 0);
        count = 0;
    }

    /**
     * Adds rows 0..rows of the teacher and student activations; only their first m (teacher)
     * and n (student) columns are read, so augmented matrices with a constant column can be given.
     */
    public void add(Matrix teacher, Matrix student, int rows) {
        if (t.length < rows * m || s.length < rows * n) {
            t = new double[rows * m];
            s = new double[rows * n];
        }
        if (rowT.length < teacher.cols()) {
            rowT = new double[teacher.cols()];
        }
        if (rowS.length < student.cols()) {
            rowS = new double[student.cols()];
        }
        for (int r = 0; r < rows; r++) {
            teacher.getRow(r, rowT);
            student.getRow(r, rowS);
            System.arraycopy(rowT, 0, t, r * m, m);
            System.arraycopy(rowS, 0, s, r * n, n);
            for (int i = 0; i < m; i++) {
                sumT[i] += rowT[i];
                sqT[i] += rowT[i] * rowT[i];
            }
            for (int j = 0; j < n; j++) {
                sumS[j] += rowS[j];
                sqS[j] += rowS[j] * rowS[j];
            }
        }
        // cross += t^T s, the dominant cost, as one blocked product.
        DKernels.gemm(true, t, m, s, n, cross, n, m, n, rows, true);
        count += rows;
    }

    /** The m-by-n correlation matrix of what was added. */
    public double[][] correlation() {
        double[][] c = new double[m][n];
        double inv = 1.0 / count;
        double[] sdS = new double[n];
        for (int j = 0; j < n; j++) {
            double mean = sumS[j] * inv;
            sdS[j] = Math.sqrt(Math.max(sqS[j] * inv - mean * mean, 0) + EPS);
        }
        for (int i = 0; i < m; i++) {
            double meanT = sumT[i] * inv;
            double sdT = Math.sqrt(Math.max(sqT[i] * inv - meanT * meanT, 0) + EPS);
            for (int j = 0; j < n; j++) {
                double cov = cross[i * n + j] * inv - meanT * sumS[j] * inv;
                c[i][j] = cov / (sdT * sdS[j]);
            }
        }
        return c;
    }
}
