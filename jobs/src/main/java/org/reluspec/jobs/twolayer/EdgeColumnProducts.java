package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.linalg.DKernels;
import org.reluspec.jobs.linalg.DMatrix;

/**
 * Double products of a two-layer network on one thread, with no column on the kernel's scalar
 * path. The network's widths (hidden + 1, the 50 outputs) are rarely multiples of the kernel's
 * vector width, and a step's products are small, so the last n % 4 columns, each a scalar loop
 * over rows, took up to 40% of a step. Here the kernel computes the columns that fill its vectors
 * in place, and the last two or three through a copy zero-padded to one vector. Same bits: every entry of
 * {@link DKernels#gemm} is one multiply-add chain in a fixed order, whichever tile computes it.
 */
final class EdgeColumnProducts {
    /** The double kernel's vector width along an output row. */
    private static final int WIDTH = 4;

    /** The summed index x WIDTH: B's last columns, zero-padded. */
    private final double[] bEdge;
    /** Rows x WIDTH: C's last columns. */
    private final double[] cEdge;

    /** Products of at most {@code maxDim} rows, columns and summed terms. */
    EdgeColumnProducts(int maxDim) {
        this.bEdge = new double[maxDim * WIDTH];
        this.cEdge = new double[maxDim * WIDTH];
    }

    /** c[0..m) = a[0..m) * b (+= when accumulate), as {@code c.mul(a, b, m, accumulate)}. */
    void mul(DMatrix c, DMatrix a, DMatrix b, int m, boolean accumulate) {
        gemm(false, a, b, c, m, a.cols(), accumulate);
    }

    /** c = a[0..m)^T * b[0..m) (+= when accumulate), as {@code c.mulTransA(a, b, m, accumulate)}. */
    void mulTransA(DMatrix c, DMatrix a, DMatrix b, int m, boolean accumulate) {
        gemm(true, a, b, c, c.rows(), m, accumulate);
    }

    private void gemm(boolean transA, DMatrix am, DMatrix bm, DMatrix cm, int m, int k, boolean accumulate) {
        double[] a = am.data();
        double[] b = bm.data();
        double[] c = cm.data();
        int n = cm.cols();
        int ldb = bm.cols();
        // One edge column is as fast on the kernel's scalar path (four chains either way): leave it there.
        int filled = n % WIDTH >= 2 ? n - n % WIDTH : n;
        if (filled > 0) {
            DKernels.gemm(transA, a, am.cols(), b, ldb, c, n, m, filled, k, accumulate);
        }
        int edge = n - filled;
        if (edge == 0) {
            return;
        }
        for (int p = 0; p < k; p++) {
            for (int e = 0; e < WIDTH; e++) {
                bEdge[p * WIDTH + e] = e < edge ? b[p * ldb + filled + e] : 0.0;
            }
        }
        if (accumulate) {
            for (int i = 0; i < m; i++) {
                System.arraycopy(c, i * n + filled, cEdge, i * WIDTH, edge);
            }
        }
        DKernels.gemm(transA, a, am.cols(), bEdge, WIDTH, cEdge, WIDTH, m, WIDTH, k, accumulate);
        for (int i = 0; i < m; i++) {
            System.arraycopy(cEdge, i * WIDTH, c, i * n + filled, edge);
        }
    }
}
