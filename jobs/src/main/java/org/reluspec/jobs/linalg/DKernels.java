package org.reluspec.jobs.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products in double with explicit SIMD (the JDK's Vector API), register-blocked.
 *
 * <p>Reproducibility: every entry of a product is one fused multiply-add chain over the summed
 * index in increasing order ({@link #gemm}), or, for {@link #gemmTransB}, four interleaved chains
 * combined in a fixed order. Blocked, vector and scalar tail paths compute each entry the same
 * way, so results do not depend on the machine's vector width, the blocking or the data shapes.
 */
public final class DKernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    private static final int L = 4;
    /** Columns of a register tile: three vectors. */
    private static final int W = 3 * L;

    private DKernels() {
    }

    /**
     * C[i][j] = (accumulate ? C[i][j] : 0) + sum_p a(i, p) * B[p][j], for i < m, j < n, p < k,
     * where a(i, p) = A[i][p], or A[p][i] when {@code transA}. Row-major with leading dimensions.
     */
    public static void gemm(boolean transA, double[] a, int lda, double[] b, int ldb, double[] c, int ldc,
                     int m, int n, int k, boolean accumulate) {
        int si = transA ? 1 : lda;
        int sp = transA ? lda : 1;
        int j = 0;
        for (; j + W <= n; j += W) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile4x3(a, si, sp, b, ldb, c, ldc, i, j, k, accumulate);
            }
            for (; i < m; i++) {
                tile1x3(a, si, sp, b, ldb, c, ldc, i, j, k, accumulate);
            }
        }
        for (; j + L <= n; j += L) {
            for (int i = 0; i < m; i++) {
                tile1x1(a, si, sp, b, ldb, c, ldc, i, j, k, accumulate);
            }
        }
        for (; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double acc = accumulate ? c[i * ldc + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[i * si + p * sp], b[p * ldb + j], acc);
                }
                c[i * ldc + j] = acc;
            }
        }
    }

    private static void tile4x3(double[] a, int si, int sp, double[] b, int ldb, double[] c, int ldc,
                                int i, int j, int k, boolean accumulate) {
        int c0 = i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector r00 = accumulate ? DoubleVector.fromArray(S, c, c0) : z;
        DoubleVector r01 = accumulate ? DoubleVector.fromArray(S, c, c0 + L) : z;
        DoubleVector r02 = accumulate ? DoubleVector.fromArray(S, c, c0 + 2 * L) : z;
        DoubleVector r10 = accumulate ? DoubleVector.fromArray(S, c, c1) : z;
        DoubleVector r11 = accumulate ? DoubleVector.fromArray(S, c, c1 + L) : z;
        DoubleVector r12 = accumulate ? DoubleVector.fromArray(S, c, c1 + 2 * L) : z;
        DoubleVector r20 = accumulate ? DoubleVector.fromArray(S, c, c2) : z;
        DoubleVector r21 = accumulate ? DoubleVector.fromArray(S, c, c2 + L) : z;
        DoubleVector r22 = accumulate ? DoubleVector.fromArray(S, c, c2 + 2 * L) : z;
        DoubleVector r30 = accumulate ? DoubleVector.fromArray(S, c, c3) : z;
        DoubleVector r31 = accumulate ? DoubleVector.fromArray(S, c, c3 + L) : z;
        DoubleVector r32 = accumulate ? DoubleVector.fromArray(S, c, c3 + 2 * L) : z;
        int a0 = i * si;
        for (int p = 0; p < k; p++) {
            int bp = p * ldb + j;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
            int ap = a0 + p * sp;
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            r00 = b0.fma(x, r00);
            r01 = b1.fma(x, r01);
            r02 = b2.fma(x, r02);
            x = DoubleVector.broadcast(S, a[ap + si]);
            r10 = b0.fma(x, r10);
            r11 = b1.fma(x, r11);
            r12 = b2.fma(x, r12);
            x = DoubleVector.broadcast(S, a[ap + 2 * si]);
            r20 = b0.fma(x, r20);
            r21 = b1.fma(x, r21);
            r22 = b2.fma(x, r22);
            x = DoubleVector.broadcast(S, a[ap + 3 * si]);
            r30 = b0.fma(x, r30);
            r31 = b1.fma(x, r31);
            r32 = b2.fma(x, r32);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + L);
        r02.intoArray(c, c0 + 2 * L);
        r10.intoArray(c, c1);
        r11.intoArray(c, c1 + L);
        r12.intoArray(c, c1 + 2 * L);
        r20.intoArray(c, c2);
        r21.intoArray(c, c2 + L);
        r22.intoArray(c, c2 + 2 * L);
        r30.intoArray(c, c3);
        r31.intoArray(c, c3 + L);
        r32.intoArray(c, c3 + 2 * L);
    }

    private static void tile1x3(double[] a, int si, int sp, double[] b, int ldb, double[] c, int ldc,
                                int i, int j, int k, boolean accumulate) {
        int c0 = i * ldc + j;
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector r0 = accumulate ? DoubleVector.fromArray(S, c, c0) : z;
        DoubleVector r1 = accumulate ? DoubleVector.fromArray(S, c, c0 + L) : z;
        DoubleVector r2 = accumulate ? DoubleVector.fromArray(S, c, c0 + 2 * L) : z;
        int a0 = i * si;
        for (int p = 0; p < k; p++) {
            int bp = p * ldb + j;
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + p * sp]);
            r0 = DoubleVector.fromArray(S, b, bp).fma(x, r0);
            r1 = DoubleVector.fromArray(S, b, bp + L).fma(x, r1);
            r2 = DoubleVector.fromArray(S, b, bp + 2 * L).fma(x, r2);
        }
        r0.intoArray(c, c0);
        r1.intoArray(c, c0 + L);
        r2.intoArray(c, c0 + 2 * L);
    }

    private static void tile1x1(double[] a, int si, int sp, double[] b, int ldb, double[] c, int ldc,
                                int i, int j, int k, boolean accumulate) {
        int c0 = i * ldc + j;
        DoubleVector r0 = accumulate ? DoubleVector.fromArray(S, c, c0) : DoubleVector.zero(S);
        int a0 = i * si;
        for (int p = 0; p < k; p++) {
            r0 = DoubleVector.fromArray(S, b, p * ldb + j).fma(DoubleVector.broadcast(S, a[a0 + p * sp]), r0);
        }
        r0.intoArray(c, c0);
    }

    /**
     * C[i][j] = (accumulate ? C[i][j] : 0) + dot(A[i][0..k), B[j][0..k)) for i < m, j < n. The dot
     * product keeps four partial sums (p mod 4) over the first k - k % 4 terms, adds them as
     * (s0 + s1) + (s2 + s3), then the remaining terms in order.
     */
    static void gemmTransB(double[] a, int lda, double[] b, int ldb, double[] c, int ldc,
                           int m, int n, int k, boolean accumulate) {
        int k4 = k - k % L;
        for (int i = 0; i < m; i++) {
            int ai = i * lda;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = j * ldb;
                int b1 = b0 + ldb;
                int b2 = b1 + ldb;
                int b3 = b2 + ldb;
                DoubleVector s0 = DoubleVector.zero(S);
                DoubleVector s1 = s0;
                DoubleVector s2 = s0;
                DoubleVector s3 = s0;
                for (int p = 0; p < k4; p += L) {
                    DoubleVector x = DoubleVector.fromArray(S, a, ai + p);
                    s0 = x.fma(DoubleVector.fromArray(S, b, b0 + p), s0);
                    s1 = x.fma(DoubleVector.fromArray(S, b, b1 + p), s1);
                    s2 = x.fma(DoubleVector.fromArray(S, b, b2 + p), s2);
                    s3 = x.fma(DoubleVector.fromArray(S, b, b3 + p), s3);
                }
                c[i * ldc + j] = finish(s0, a, ai, b, b0, k4, k, c, i * ldc + j, accumulate);
                c[i * ldc + j + 1] = finish(s1, a, ai, b, b1, k4, k, c, i * ldc + j + 1, accumulate);
                c[i * ldc + j + 2] = finish(s2, a, ai, b, b2, k4, k, c, i * ldc + j + 2, accumulate);
                c[i * ldc + j + 3] = finish(s3, a, ai, b, b3, k4, k, c, i * ldc + j + 3, accumulate);
            }
            for (; j < n; j++) {
                int bj = j * ldb;
                DoubleVector s = DoubleVector.zero(S);
                for (int p = 0; p < k4; p += L) {
                    s = DoubleVector.fromArray(S, a, ai + p).fma(DoubleVector.fromArray(S, b, bj + p), s);
                }
                c[i * ldc + j] = finish(s, a, ai, b, bj, k4, k, c, i * ldc + j, accumulate);
            }
        }
    }

    private static double finish(DoubleVector partial, double[] a, int ai, double[] b, int bj, int k4, int k,
                                 double[] c, int ci, boolean accumulate) {
        double s = (partial.lane(0) + partial.lane(1)) + (partial.lane(2) + partial.lane(3));
        for (int p = k4; p < k; p++) {
            s = Math.fma(a[ai + p], b[bj + p], s);
        }
        return accumulate ? c[ci] + s : s;
    }
}
