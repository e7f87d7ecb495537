package org.reluspec.jobs.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products in float with explicit SIMD (the JDK's Vector API), register-blocked and
 * cache-blocked.
 *
 * <p>Reproducibility: every entry of a product is one fused multiply-add chain over the summed
 * index in increasing order ({@link #gemm}), or, for {@link #gemmTransB}, eight interleaved chains
 * combined in a fixed order. Blocked, vector and scalar tail paths compute each entry the same
 * way, so results do not depend on the machine's vector width, the blocking, the data shapes or
 * how the output is split between threads (the range arguments).
 */
final class FKernels {
    /** The eight chains of {@link #gemmTransB}: fixed at eight lanes, they define its summation order. */
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;
    /**
     * {@link #gemm} vectorizes along the output row, where the width changes no entry: the widest
     * vectors the machine has (512 bits with AVX-512).
     */
    private static final VectorSpecies<Float> P = FloatVector.SPECIES_256;
    private static final int V = P.length();
    /** Summed-index block of {@link #gemm}: a panel of B of KB x 3V stays in the first-level cache. */
    private static final int KB = 256;
    /** Row block of {@link #gemmTransB}: IB rows of A stay in the second-level cache while B streams. */
    private static final int IB = 64;

    private FKernels() {
    }

    /**
     * C[i][j] = (accumulate ? C[i][j] : 0) + sum_p a(i, p) * B[p][j], for i < m, j < n, p < k,
     * where a(i, p) = A[i][p], or A[p][i] when {@code transA}. Row-major with leading dimensions.
     */
    static void gemm(boolean transA, float[] a, int lda, float[] b, int ldb, float[] c, int ldc,
                     int m, int n, int k, boolean accumulate) {
        gemm(transA, a, lda, b, ldb, c, ldc, 0, m, 0, n, k, accumulate);
    }

    /**
     * {@link #gemm} on the block of rows [i0, i1) and columns [j0, j1) of C only. The summed index
     * is cut into blocks; a chain resumes from the stored partial sum, so the order is unchanged.
     */
    static void gemm(boolean transA, float[] a, int lda, float[] b, int ldb, float[] c, int ldc,
                     int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        int si = transA ? 1 : lda;
        int sp = transA ? lda : 1;
        int p0 = 0;
        do {
            int p1 = Math.min(k, p0 + KB);
            boolean acc = accumulate || p0 > 0;
            int j = j0;
            for (; j + 3 * V <= j1; j += 3 * V) {
                int i = i0;
                for (; i + 4 <= i1; i += 4) {
                    tile4x3(a, si, sp, b, ldb, c, ldc, i, j, p0, p1, acc);
                }
                for (; i < i1; i++) {
                    tile1x3(a, si, sp, b, ldb, c, ldc, i, j, p0, p1, acc);
                }
            }
            for (; j + V <= j1; j += V) {
                int i = i0;
                for (; i + 4 <= i1; i += 4) {
                    tile4x1(a, si, sp, b, ldb, c, ldc, i, j, p0, p1, acc);
                }
                for (; i < i1; i++) {
                    tile1x1(a, si, sp, b, ldb, c, ldc, i, j, p0, p1, acc);
                }
            }
            for (; j < j1; j++) {
                scalarColumn(a, si, sp, b, ldb, c, ldc, i0, i1, j, p0, p1, acc);
            }
            p0 = p1;
        } while (p0 < k);
    }

    private static void scalarColumn(float[] a, int si, int sp, float[] b, int ldb, float[] c, int ldc,
                                     int i0, int i1, int j, int p0, int p1, boolean accumulate) {
        int i = i0;
        // Four rows at once: independent chains hide the latency of the fused multiply-add.
        for (; i + 4 <= i1; i += 4) {
            float acc0 = accumulate ? c[i * ldc + j] : 0f;
            float acc1 = accumulate ? c[(i + 1) * ldc + j] : 0f;
            float acc2 = accumulate ? c[(i + 2) * ldc + j] : 0f;
            float acc3 = accumulate ? c[(i + 3) * ldc + j] : 0f;
            for (int p = p0; p < p1; p++) {
                float bp = b[p * ldb + j];
                int ap = i * si + p * sp;
                acc0 = Math.fma(a[ap], bp, acc0);
                acc1 = Math.fma(a[ap + si], bp, acc1);
                acc2 = Math.fma(a[ap + 2 * si], bp, acc2);
                acc3 = Math.fma(a[ap + 3 * si], bp, acc3);
            }
            c[i * ldc + j] = acc0;
            c[(i + 1) * ldc + j] = acc1;
            c[(i + 2) * ldc + j] = acc2;
            c[(i + 3) * ldc + j] = acc3;
        }
        for (; i < i1; i++) {
            float acc = accumulate ? c[i * ldc + j] : 0f;
            for (int p = p0; p < p1; p++) {
                acc = Math.fma(a[i * si + p * sp], b[p * ldb + j], acc);
            }
            c[i * ldc + j] = acc;
        }
    }

    private static void tile4x3(float[] a, int si, int sp, float[] b, int ldb, float[] c, int ldc,
                                int i, int j, int p0, int p1, boolean accumulate) {
        int c0 = i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        FloatVector z = FloatVector.zero(P);
        FloatVector r00 = accumulate ? FloatVector.fromArray(P, c, c0) : z;
        FloatVector r01 = accumulate ? FloatVector.fromArray(P, c, c0 + V) : z;
        FloatVector r02 = accumulate ? FloatVector.fromArray(P, c, c0 + 2 * V) : z;
        FloatVector r10 = accumulate ? FloatVector.fromArray(P, c, c1) : z;
        FloatVector r11 = accumulate ? FloatVector.fromArray(P, c, c1 + V) : z;
        FloatVector r12 = accumulate ? FloatVector.fromArray(P, c, c1 + 2 * V) : z;
        FloatVector r20 = accumulate ? FloatVector.fromArray(P, c, c2) : z;
        FloatVector r21 = accumulate ? FloatVector.fromArray(P, c, c2 + V) : z;
        FloatVector r22 = accumulate ? FloatVector.fromArray(P, c, c2 + 2 * V) : z;
        FloatVector r30 = accumulate ? FloatVector.fromArray(P, c, c3) : z;
        FloatVector r31 = accumulate ? FloatVector.fromArray(P, c, c3 + V) : z;
        FloatVector r32 = accumulate ? FloatVector.fromArray(P, c, c3 + 2 * V) : z;
        int a0 = i * si;
        for (int p = p0; p < p1; p++) {
            int bp = p * ldb + j;
            FloatVector b0 = FloatVector.fromArray(P, b, bp);
            FloatVector b1 = FloatVector.fromArray(P, b, bp + V);
            FloatVector b2 = FloatVector.fromArray(P, b, bp + 2 * V);
            int ap = a0 + p * sp;
            FloatVector x = FloatVector.broadcast(P, a[ap]);
            r00 = b0.fma(x, r00);
            r01 = b1.fma(x, r01);
            r02 = b2.fma(x, r02);
            x = FloatVector.broadcast(P, a[ap + si]);
            r10 = b0.fma(x, r10);
            r11 = b1.fma(x, r11);
            r12 = b2.fma(x, r12);
            x = FloatVector.broadcast(P, a[ap + 2 * si]);
            r20 = b0.fma(x, r20);
            r21 = b1.fma(x, r21);
            r22 = b2.fma(x, r22);
            x = FloatVector.broadcast(P, a[ap + 3 * si]);
            r30 = b0.fma(x, r30);
            r31 = b1.fma(x, r31);
            r32 = b2.fma(x, r32);
        }
        r00.intoArray(c, c0);
        r01.intoArray(c, c0 + V);
        r02.intoArray(c, c0 + 2 * V);
        r10.intoArray(c, c1);
        r11.intoArray(c, c1 + V);
        r12.intoArray(c, c1 + 2 * V);
        r20.intoArray(c, c2);
        r21.intoArray(c, c2 + V);
        r22.intoArray(c, c2 + 2 * V);
        r30.intoArray(c, c3);
        r31.intoArray(c, c3 + V);
        r32.intoArray(c, c3 + 2 * V);
    }

    private static void tile1x3(float[] a, int si, int sp, float[] b, int ldb, float[] c, int ldc,
                                int i, int j, int p0, int p1, boolean accumulate) {
        int c0 = i * ldc + j;
        FloatVector z = FloatVector.zero(P);
        FloatVector r0 = accumulate ? FloatVector.fromArray(P, c, c0) : z;
        FloatVector r1 = accumulate ? FloatVector.fromArray(P, c, c0 + V) : z;
        FloatVector r2 = accumulate ? FloatVector.fromArray(P, c, c0 + 2 * V) : z;
        int a0 = i * si;
        for (int p = p0; p < p1; p++) {
            int bp = p * ldb + j;
            FloatVector x = FloatVector.broadcast(P, a[a0 + p * sp]);
            r0 = FloatVector.fromArray(P, b, bp).fma(x, r0);
            r1 = FloatVector.fromArray(P, b, bp + V).fma(x, r1);
            r2 = FloatVector.fromArray(P, b, bp + 2 * V).fma(x, r2);
        }
        r0.intoArray(c, c0);
        r1.intoArray(c, c0 + V);
        r2.intoArray(c, c0 + 2 * V);
    }

    private static void tile4x1(float[] a, int si, int sp, float[] b, int ldb, float[] c, int ldc,
                                int i, int j, int p0, int p1, boolean accumulate) {
        int c0 = i * ldc + j;
        FloatVector z = FloatVector.zero(P);
        FloatVector r0 = accumulate ? FloatVector.fromArray(P, c, c0) : z;
        FloatVector r1 = accumulate ? FloatVector.fromArray(P, c, c0 + ldc) : z;
        FloatVector r2 = accumulate ? FloatVector.fromArray(P, c, c0 + 2 * ldc) : z;
        FloatVector r3 = accumulate ? FloatVector.fromArray(P, c, c0 + 3 * ldc) : z;
        int a0 = i * si;
        for (int p = p0; p < p1; p++) {
            FloatVector y = FloatVector.fromArray(P, b, p * ldb + j);
            int ap = a0 + p * sp;
            r0 = y.fma(FloatVector.broadcast(P, a[ap]), r0);
            r1 = y.fma(FloatVector.broadcast(P, a[ap + si]), r1);
            r2 = y.fma(FloatVector.broadcast(P, a[ap + 2 * si]), r2);
            r3 = y.fma(FloatVector.broadcast(P, a[ap + 3 * si]), r3);
        }
        r0.intoArray(c, c0);
        r1.intoArray(c, c0 + ldc);
        r2.intoArray(c, c0 + 2 * ldc);
        r3.intoArray(c, c0 + 3 * ldc);
    }

    private static void tile1x1(float[] a, int si, int sp, float[] b, int ldb, float[] c, int ldc,
                                int i, int j, int p0, int p1, boolean accumulate) {
        int c0 = i * ldc + j;
        FloatVector z = FloatVector.zero(P);
        FloatVector r0 = accumulate ? FloatVector.fromArray(P, c, c0) : z;
        int a0 = i * si;
        for (int p = p0; p < p1; p++) {
            r0 = FloatVector.fromArray(P, b, p * ldb + j).fma(FloatVector.broadcast(P, a[a0 + p * sp]), r0);
        }
        r0.intoArray(c, c0);
    }

    /**
     * C[i][j] = (accumulate ? C[i][j] : 0) + dot(A[i][0..k), B[j][0..k)) for i < m, j < n. The dot
     * product keeps eight partial sums (p mod 8) over the first k - k % 8 terms, adds them as
     * ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)), then the remaining terms in order.
     */
    static void gemmTransB(float[] a, int lda, float[] b, int ldb, float[] c, int ldc,
                           int m, int n, int k, boolean accumulate) {
        gemmTransB(a, lda, b, ldb, c, ldc, 0, m, 0, n, k, accumulate);
    }

    /**
     * {@link #gemmTransB} on rows [i0, i1) and columns [j0, j1) of C. Blocks of {@link #IB} rows of
     * A; within one, four rows of B at a time meet every row of the block, so B is read from
     * memory once per block.
     */
    static void gemmTransB(float[] a, int lda, float[] b, int ldb, float[] c, int ldc,
                           int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        int k4 = k - k % L;
        for (int ib = i0; ib < i1; ib += IB) {
            int ie = Math.min(i1, ib + IB);
            int j = j0;
            for (; j + 4 <= j1; j += 4) {
                int i = ib;
                // Two rows: a taller tile's eight-lane sums outgrow what the JIT compiles into one method.
                for (; i + 2 <= ie; i += 2) {
                    dot2x4(a, lda, b, ldb, c, ldc, i, j, k4, k, accumulate);
                }
                for (; i < ie; i++) {
                    dot1x4(a, lda, b, ldb, c, ldc, i, j, k4, k, accumulate);
                }
            }
            for (; j < j1; j++) {
                for (int i = ib; i < ie; i++) {
                    dotInto(a, i * lda, b, j * ldb, k4, k, c, i * ldc + j, accumulate);
                }
            }
        }
    }

    /** A 2 x 4 tile: each loaded vector of a is used four times, of b twice. */
    private static void dot2x4(float[] a, int lda, float[] b, int ldb, float[] c, int ldc, int i, int j,
                               int k4, int k, boolean accumulate) {
        int a0 = i * lda;
        int a1 = a0 + lda;
        int b0 = j * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s02 = s00;
        FloatVector s03 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s12 = s00;
        FloatVector s13 = s00;
        for (int p = 0; p < k4; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            y = FloatVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            y = FloatVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            y = FloatVector.fromArray(S, b, b3 + p);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
        }
        int c0 = i * ldc + j;
        int c1 = c0 + ldc;
        c[c0] = finish(s00, a, a0, b, b0, k4, k, c, c0, accumulate);
        c[c0 + 1] = finish(s01, a, a0, b, b1, k4, k, c, c0 + 1, accumulate);
        c[c0 + 2] = finish(s02, a, a0, b, b2, k4, k, c, c0 + 2, accumulate);
        c[c0 + 3] = finish(s03, a, a0, b, b3, k4, k, c, c0 + 3, accumulate);
        c[c1] = finish(s10, a, a1, b, b0, k4, k, c, c1, accumulate);
        c[c1 + 1] = finish(s11, a, a1, b, b1, k4, k, c, c1 + 1, accumulate);
        c[c1 + 2] = finish(s12, a, a1, b, b2, k4, k, c, c1 + 2, accumulate);
        c[c1 + 3] = finish(s13, a, a1, b, b3, k4, k, c, c1 + 3, accumulate);
    }

    private static void dot1x4(float[] a, int lda, float[] b, int ldb, float[] c, int ldc, int i, int j,
                               int k4, int k, boolean accumulate) {
        int a0 = i * lda;
        int b0 = j * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int p = 0; p < k4; p += L) {
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        int c0 = i * ldc + j;
        c[c0] = finish(s0, a, a0, b, b0, k4, k, c, c0, accumulate);
        c[c0 + 1] = finish(s1, a, a0, b, b1, k4, k, c, c0 + 1, accumulate);
        c[c0 + 2] = finish(s2, a, a0, b, b2, k4, k, c, c0 + 2, accumulate);
        c[c0 + 3] = finish(s3, a, a0, b, b3, k4, k, c, c0 + 3, accumulate);
    }
    private static void dotInto(float[] a, int ai, float[] b, int bj, int k4, int k, float[] c, int ci,
                                boolean accumulate) {
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < k4; p += L) {
            s = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s);
        }
        c[ci] = finish(s, a, ai, b, bj, k4, k, c, ci, accumulate);
    }

    private static float finish(FloatVector partial, float[] a, int ai, float[] b, int bj, int k4, int k,
                                 float[] c, int ci, boolean accumulate) {
        float s = ((partial.lane(0) + partial.lane(1)) + (partial.lane(2) + partial.lane(3)))
                + ((partial.lane(4) + partial.lane(5)) + (partial.lane(6) + partial.lane(7)));
        for (int p = k4; p < k; p++) {
            s = Math.fma(a[ai + p], b[bj + p], s);
        }
        return accumulate ? c[ci] + s : s;
    }

    /** In place: x -> max(x, slope * x) + 0 (slope in [0, 1); the + 0 turns -0 into +0). */
    static void relu(float[] a, int n, float slope) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, a, i);
            v.max(v.mul(slope)).add(0f).intoArray(a, i);
        }
        for (; i < n; i++) {
            a[i] = Math.max(a[i], slope * a[i]) + 0f;
        }
    }

    /**
     * In place: g times the derivative of the nonlinearity, read off the activation's sign: slope
     * where act <= 0, 1 where act > 0 (PyTorch's convention at 0).
     */
    static void reluBackward(float[] g, float[] act, int n, float slope) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(S, g, i);
            v.blend(v.mul(slope), FloatVector.fromArray(S, act, i).compare(VectorOperators.LE, 0f)).intoArray(g, i);
        }
        for (; i < n; i++) {
            g[i] = act[i] <= 0 ? slope * g[i] : g[i];
        }
    }
}
