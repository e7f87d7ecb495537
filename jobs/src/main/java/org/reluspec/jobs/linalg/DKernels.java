package org.reluspec.jobs.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products in double with explicit SIMD (the JDK's Vector API), register-blocked and
 * cache-blocked.
 *
 * <p>Reproducibility: every entry of a product is one fused multiply-add chain over the summed
 * index in increasing order ({@link #gemm}), or, for {@link #gemmTransB}, one chain per lane of
 * {@link #S} combined in a fixed order. Blocked, vector and scalar tail paths compute each entry
 * the same way, so results do not depend on the machine's vector width, the blocking, the data
 * shapes or how the output is split between threads (the range arguments).
 *
 * <p>The float twin is generated from this class at build time (jobs/pom.xml substitutes the
 * types); where the two differ, the code reads the difference off the number of lanes {@link #L},
 * the one line that differs.
 */
public final class DKernels {
    /**
     * The chains of {@link #gemmTransB}, one per lane of 256 bits (four doubles, eight floats):
     * fixed, they define its summation order.
     */
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    /**
     * The lanes of S, a compile-time constant: javac drops the code of the other lane count,
     * which would otherwise count against the JIT's inlining budget (measured: the double
     * multi-layer step then boxed its vectors, 1-2 MB per step).
     */
    private static final int L = 4; // float: private static final int L = 8;
    /**
     * Rows of A per dot tile of {@link #gemmTransB}: four with four lanes; two with eight, where a
     * taller tile's sums outgrow what the JIT keeps in registers (its vectors were boxed).
     */
    private static final int DOT_ROWS = L == 4 ? 4 : 2;
    /**
     * {@link #gemm} vectorizes along the output row, where the width changes no entry; 256 bits
     * like S, as every vector of the kernels (docs/ARCHITECTURE.md: a second shape made them box).
     */
    private static final VectorSpecies<Double> P = DoubleVector.SPECIES_256;
    private static final int V = P.length();
    /**
     * Whether {@link #gemm} uses 8-row tiles: their 24 sums fit in the 32 vector registers of
     * AVX-512 (measured 12% faster than 4 rows at the paper's widths), but spill with the 16 of
     * AVX2 (1.5x slower). The tile height changes no entry.
     */
    private static final boolean TALL_TILES = VectorShape.preferredShape().vectorBitSize() >= 512;
    /** Lane numbers, for {@link #store}'s mask (eight: enough for either twin). */
    private static final double[] LANE_INDEX = {0, 1, 2, 3, 4, 5, 6, 7};
    /** Summed-index block of {@link #gemm}: a panel of B of KB x 3V stays in the first-level cache. */
    private static final int KB = 256;
    /** Row block of {@link #gemmTransB}: IB rows of A stay in the second-level cache while B streams. */
    private static final int IB = 64;

    private DKernels() {
    }

    /**
     * C[i][j] = (accumulate ? C[i][j] : 0) + sum_p a(i, p) * B[p][j], for i < m, j < n, p < k,
     * where a(i, p) = A[i][p], or A[p][i] when {@code transA}. Row-major with leading dimensions.
     */
    public static void gemm(boolean transA, double[] a, int lda, double[] b, int ldb, double[] c, int ldc,
                            int m, int n, int k, boolean accumulate) {
        gemm(transA, a, lda, b, ldb, c, ldc, 0, m, 0, n, k, accumulate);
    }

    /**
     * {@link #gemm} on the block of rows [i0, i1) and columns [j0, j1) of C only. The summed index
     * is cut into blocks; a chain resumes from the stored partial sum, so the order is unchanged.
     */
    static void gemm(boolean transA, double[] a, int lda, double[] b, int ldb, double[] c, int ldc,
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
                for (; TALL_TILES && i + 8 <= i1; i += 8) {
                    tile8x3(a, si, sp, b, ldb, c, ldc, i, j, p0, p1, acc);
                }
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
                    tile4x1(a, si, sp, b, ldb, c, ldc, i, j, p0, p1, acc, 0);
                }
                for (; i < i1; i++) {
                    tile1x1(a, si, sp, b, ldb, c, ldc, i, j, p0, p1, acc, 0);
                }
            }
            if (j < j1 && j1 - j0 >= V) {
                // The last columns as one vector ending at j1: its first lanes are columns this call
                // has finished, which the store leaves as they are.
                int keep = j - (j1 - V);
                int i = i0;
                for (; i + 4 <= i1; i += 4) {
                    tile4x1(a, si, sp, b, ldb, c, ldc, i, j1 - V, p0, p1, acc, keep);
                }
                for (; i < i1; i++) {
                    tile1x1(a, si, sp, b, ldb, c, ldc, i, j1 - V, p0, p1, acc, keep);
                }
            } else {
                for (; j < j1; j++) {
                    scalarColumn(a, si, sp, b, ldb, c, ldc, i0, i1, j, p0, p1, acc);
                }
            }
            p0 = p1;
        } while (p0 < k);
    }

    private static void scalarColumn(double[] a, int si, int sp, double[] b, int ldb, double[] c, int ldc,
                                     int i0, int i1, int j, int p0, int p1, boolean accumulate) {
        int i = i0;
        // Four rows at once: independent chains hide the latency of the fused multiply-add.
        for (; i + 4 <= i1; i += 4) {
            double acc0 = accumulate ? c[i * ldc + j] : 0.0;
            double acc1 = accumulate ? c[(i + 1) * ldc + j] : 0.0;
            double acc2 = accumulate ? c[(i + 2) * ldc + j] : 0.0;
            double acc3 = accumulate ? c[(i + 3) * ldc + j] : 0.0;
            for (int p = p0; p < p1; p++) {
                double bp = b[p * ldb + j];
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
            double acc = accumulate ? c[i * ldc + j] : 0.0;
            for (int p = p0; p < p1; p++) {
                acc = Math.fma(a[i * si + p * sp], b[p * ldb + j], acc);
            }
            c[i * ldc + j] = acc;
        }
    }

    /** Eight rows by three vectors: each loaded vector of B is used eight times. */
    private static void tile8x3(double[] a, int si, int sp, double[] b, int ldb, double[] c, int ldc,
                                int i, int j, int p0, int p1, boolean accumulate) {
        int c0 = i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int c4 = c3 + ldc;
        int c5 = c4 + ldc;
        int c6 = c5 + ldc;
        int c7 = c6 + ldc;
        DoubleVector z = DoubleVector.zero(P);
        DoubleVector r00 = accumulate ? DoubleVector.fromArray(P, c, c0) : z;
        DoubleVector r01 = accumulate ? DoubleVector.fromArray(P, c, c0 + V) : z;
        DoubleVector r02 = accumulate ? DoubleVector.fromArray(P, c, c0 + 2 * V) : z;
        DoubleVector r10 = accumulate ? DoubleVector.fromArray(P, c, c1) : z;
        DoubleVector r11 = accumulate ? DoubleVector.fromArray(P, c, c1 + V) : z;
        DoubleVector r12 = accumulate ? DoubleVector.fromArray(P, c, c1 + 2 * V) : z;
        DoubleVector r20 = accumulate ? DoubleVector.fromArray(P, c, c2) : z;
        DoubleVector r21 = accumulate ? DoubleVector.fromArray(P, c, c2 + V) : z;
        DoubleVector r22 = accumulate ? DoubleVector.fromArray(P, c, c2 + 2 * V) : z;
        DoubleVector r30 = accumulate ? DoubleVector.fromArray(P, c, c3) : z;
        DoubleVector r31 = accumulate ? DoubleVector.fromArray(P, c, c3 + V) : z;
        DoubleVector r32 = accumulate ? DoubleVector.fromArray(P, c, c3 + 2 * V) : z;
        DoubleVector r40 = accumulate ? DoubleVector.fromArray(P, c, c4) : z;
        DoubleVector r41 = accumulate ? DoubleVector.fromArray(P, c, c4 + V) : z;
        DoubleVector r42 = accumulate ? DoubleVector.fromArray(P, c, c4 + 2 * V) : z;
        DoubleVector r50 = accumulate ? DoubleVector.fromArray(P, c, c5) : z;
        DoubleVector r51 = accumulate ? DoubleVector.fromArray(P, c, c5 + V) : z;
        DoubleVector r52 = accumulate ? DoubleVector.fromArray(P, c, c5 + 2 * V) : z;
        DoubleVector r60 = accumulate ? DoubleVector.fromArray(P, c, c6) : z;
        DoubleVector r61 = accumulate ? DoubleVector.fromArray(P, c, c6 + V) : z;
        DoubleVector r62 = accumulate ? DoubleVector.fromArray(P, c, c6 + 2 * V) : z;
        DoubleVector r70 = accumulate ? DoubleVector.fromArray(P, c, c7) : z;
        DoubleVector r71 = accumulate ? DoubleVector.fromArray(P, c, c7 + V) : z;
        DoubleVector r72 = accumulate ? DoubleVector.fromArray(P, c, c7 + 2 * V) : z;
        int a0 = i * si;
        for (int p = p0; p < p1; p++) {
            int bp = p * ldb + j;
            DoubleVector b0 = DoubleVector.fromArray(P, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(P, b, bp + V);
            DoubleVector b2 = DoubleVector.fromArray(P, b, bp + 2 * V);
            int ap = a0 + p * sp;
            DoubleVector x = DoubleVector.broadcast(P, a[ap]);
            r00 = b0.fma(x, r00);
            r01 = b1.fma(x, r01);
            r02 = b2.fma(x, r02);
            x = DoubleVector.broadcast(P, a[ap + si]);
            r10 = b0.fma(x, r10);
            r11 = b1.fma(x, r11);
            r12 = b2.fma(x, r12);
            x = DoubleVector.broadcast(P, a[ap + 2 * si]);
            r20 = b0.fma(x, r20);
            r21 = b1.fma(x, r21);
            r22 = b2.fma(x, r22);
            x = DoubleVector.broadcast(P, a[ap + 3 * si]);
            r30 = b0.fma(x, r30);
            r31 = b1.fma(x, r31);
            r32 = b2.fma(x, r32);
            x = DoubleVector.broadcast(P, a[ap + 4 * si]);
            r40 = b0.fma(x, r40);
            r41 = b1.fma(x, r41);
            r42 = b2.fma(x, r42);
            x = DoubleVector.broadcast(P, a[ap + 5 * si]);
            r50 = b0.fma(x, r50);
            r51 = b1.fma(x, r51);
            r52 = b2.fma(x, r52);
            x = DoubleVector.broadcast(P, a[ap + 6 * si]);
            r60 = b0.fma(x, r60);
            r61 = b1.fma(x, r61);
            r62 = b2.fma(x, r62);
            x = DoubleVector.broadcast(P, a[ap + 7 * si]);
            r70 = b0.fma(x, r70);
            r71 = b1.fma(x, r71);
            r72 = b2.fma(x, r72);
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
        r40.intoArray(c, c4);
        r41.intoArray(c, c4 + V);
        r42.intoArray(c, c4 + 2 * V);
        r50.intoArray(c, c5);
        r51.intoArray(c, c5 + V);
        r52.intoArray(c, c5 + 2 * V);
        r60.intoArray(c, c6);
        r61.intoArray(c, c6 + V);
        r62.intoArray(c, c6 + 2 * V);
        r70.intoArray(c, c7);
        r71.intoArray(c, c7 + V);
        r72.intoArray(c, c7 + 2 * V);
    }

    private static void tile4x3(double[] a, int si, int sp, double[] b, int ldb, double[] c, int ldc,
                                int i, int j, int p0, int p1, boolean accumulate) {
        int c0 = i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        DoubleVector z = DoubleVector.zero(P);
        DoubleVector r00 = accumulate ? DoubleVector.fromArray(P, c, c0) : z;
        DoubleVector r01 = accumulate ? DoubleVector.fromArray(P, c, c0 + V) : z;
        DoubleVector r02 = accumulate ? DoubleVector.fromArray(P, c, c0 + 2 * V) : z;
        DoubleVector r10 = accumulate ? DoubleVector.fromArray(P, c, c1) : z;
        DoubleVector r11 = accumulate ? DoubleVector.fromArray(P, c, c1 + V) : z;
        DoubleVector r12 = accumulate ? DoubleVector.fromArray(P, c, c1 + 2 * V) : z;
        DoubleVector r20 = accumulate ? DoubleVector.fromArray(P, c, c2) : z;
        DoubleVector r21 = accumulate ? DoubleVector.fromArray(P, c, c2 + V) : z;
        DoubleVector r22 = accumulate ? DoubleVector.fromArray(P, c, c2 + 2 * V) : z;
        DoubleVector r30 = accumulate ? DoubleVector.fromArray(P, c, c3) : z;
        DoubleVector r31 = accumulate ? DoubleVector.fromArray(P, c, c3 + V) : z;
        DoubleVector r32 = accumulate ? DoubleVector.fromArray(P, c, c3 + 2 * V) : z;
        int a0 = i * si;
        for (int p = p0; p < p1; p++) {
            int bp = p * ldb + j;
            DoubleVector b0 = DoubleVector.fromArray(P, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(P, b, bp + V);
            DoubleVector b2 = DoubleVector.fromArray(P, b, bp + 2 * V);
            int ap = a0 + p * sp;
            DoubleVector x = DoubleVector.broadcast(P, a[ap]);
            r00 = b0.fma(x, r00);
            r01 = b1.fma(x, r01);
            r02 = b2.fma(x, r02);
            x = DoubleVector.broadcast(P, a[ap + si]);
            r10 = b0.fma(x, r10);
            r11 = b1.fma(x, r11);
            r12 = b2.fma(x, r12);
            x = DoubleVector.broadcast(P, a[ap + 2 * si]);
            r20 = b0.fma(x, r20);
            r21 = b1.fma(x, r21);
            r22 = b2.fma(x, r22);
            x = DoubleVector.broadcast(P, a[ap + 3 * si]);
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

    private static void tile1x3(double[] a, int si, int sp, double[] b, int ldb, double[] c, int ldc,
                                int i, int j, int p0, int p1, boolean accumulate) {
        int c0 = i * ldc + j;
        DoubleVector z = DoubleVector.zero(P);
        DoubleVector r0 = accumulate ? DoubleVector.fromArray(P, c, c0) : z;
        DoubleVector r1 = accumulate ? DoubleVector.fromArray(P, c, c0 + V) : z;
        DoubleVector r2 = accumulate ? DoubleVector.fromArray(P, c, c0 + 2 * V) : z;
        int a0 = i * si;
        for (int p = p0; p < p1; p++) {
            int bp = p * ldb + j;
            DoubleVector x = DoubleVector.broadcast(P, a[a0 + p * sp]);
            r0 = DoubleVector.fromArray(P, b, bp).fma(x, r0);
            r1 = DoubleVector.fromArray(P, b, bp + V).fma(x, r1);
            r2 = DoubleVector.fromArray(P, b, bp + 2 * V).fma(x, r2);
        }
        r0.intoArray(c, c0);
        r1.intoArray(c, c0 + V);
        r2.intoArray(c, c0 + 2 * V);
    }

    /** Four rows by one vector; its first {@code keep} lanes are not stored ({@link #store}). */
    private static void tile4x1(double[] a, int si, int sp, double[] b, int ldb, double[] c, int ldc,
                                int i, int j, int p0, int p1, boolean accumulate, int keep) {
        int c0 = i * ldc + j;
        DoubleVector z = DoubleVector.zero(P);
        DoubleVector r0 = accumulate ? DoubleVector.fromArray(P, c, c0) : z;
        DoubleVector r1 = accumulate ? DoubleVector.fromArray(P, c, c0 + ldc) : z;
        DoubleVector r2 = accumulate ? DoubleVector.fromArray(P, c, c0 + 2 * ldc) : z;
        DoubleVector r3 = accumulate ? DoubleVector.fromArray(P, c, c0 + 3 * ldc) : z;
        int a0 = i * si;
        for (int p = p0; p < p1; p++) {
            DoubleVector y = DoubleVector.fromArray(P, b, p * ldb + j);
            int ap = a0 + p * sp;
            r0 = y.fma(DoubleVector.broadcast(P, a[ap]), r0);
            r1 = y.fma(DoubleVector.broadcast(P, a[ap + si]), r1);
            r2 = y.fma(DoubleVector.broadcast(P, a[ap + 2 * si]), r2);
            r3 = y.fma(DoubleVector.broadcast(P, a[ap + 3 * si]), r3);
        }
        store(r0, c, c0, keep);
        store(r1, c, c0 + ldc, keep);
        store(r2, c, c0 + 2 * ldc, keep);
        store(r3, c, c0 + 3 * ldc, keep);
    }

    private static void tile1x1(double[] a, int si, int sp, double[] b, int ldb, double[] c, int ldc,
                                int i, int j, int p0, int p1, boolean accumulate, int keep) {
        int c0 = i * ldc + j;
        DoubleVector z = DoubleVector.zero(P);
        DoubleVector r0 = accumulate ? DoubleVector.fromArray(P, c, c0) : z;
        int a0 = i * si;
        for (int p = p0; p < p1; p++) {
            r0 = DoubleVector.fromArray(P, b, p * ldb + j).fma(DoubleVector.broadcast(P, a[a0 + p * sp]), r0);
        }
        store(r0, c, c0, keep);
    }

    /** r into c[off, off + V), but for its first {@code keep} lanes, where C keeps what it holds. */
    private static void store(DoubleVector r, double[] c, int off, int keep) {
        if (keep == 0) {
            r.intoArray(c, off);
        } else {
            DoubleVector held = DoubleVector.fromArray(P, c, off);
            r.blend(held, DoubleVector.fromArray(P, LANE_INDEX, 0).compare(VectorOperators.LT, (double) keep))
                    .intoArray(c, off);
        }
    }

    /**
     * C[i][j] = (accumulate ? C[i][j] : 0) + dot(A[i][0..k), B[j][0..k)) for i < m, j < n. The dot
     * product keeps L partial sums (p mod L) over the first k - k % L terms, adds them pairwise
     * (four lanes: (s0 + s1) + (s2 + s3)), then the remaining terms in order.
     */
    static void gemmTransB(double[] a, int lda, double[] b, int ldb, double[] c, int ldc,
                           int m, int n, int k, boolean accumulate) {
        gemmTransB(a, lda, b, ldb, c, ldc, 0, m, 0, n, k, accumulate);
    }

    /**
     * {@link #gemmTransB} on rows [i0, i1) and columns [j0, j1) of C. Blocks of {@link #IB} rows of
     * A; within one, four rows of B at a time meet every row of the block, so B is read from
     * memory once per block.
     */
    static void gemmTransB(double[] a, int lda, double[] b, int ldb, double[] c, int ldc,
                           int i0, int i1, int j0, int j1, int k, boolean accumulate) {
        int k4 = k - k % L;
        for (int ib = i0; ib < i1; ib += IB) {
            int ie = Math.min(i1, ib + IB);
            int j = j0;
            for (; j + 4 <= j1; j += 4) {
                int i = ib;
                // One tile height per precision: DOT_ROWS is a constant, javac keeps one loop.
                if (DOT_ROWS == 4) {
                    for (; i + 4 <= ie; i += 4) {
                        dot4x4(a, lda, b, ldb, c, ldc, i, j, k4, k, accumulate);
                    }
                } else {
                    for (; i + 2 <= ie; i += 2) {
                        dot2x4(a, lda, b, ldb, c, ldc, i, j, k4, k, accumulate);
                    }
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

    /** A 4 x 4 tile: each loaded vector of a and b is used four times. */
    private static void dot4x4(double[] a, int lda, double[] b, int ldb, double[] c, int ldc, int i, int j,
                               int k4, int k, boolean accumulate) {
        int a0 = i * lda;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int b0 = j * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        DoubleVector s00 = DoubleVector.zero(S);
        DoubleVector s01 = s00;
        DoubleVector s02 = s00;
        DoubleVector s03 = s00;
        DoubleVector s10 = s00;
        DoubleVector s11 = s00;
        DoubleVector s12 = s00;
        DoubleVector s13 = s00;
        DoubleVector s20 = s00;
        DoubleVector s21 = s00;
        DoubleVector s22 = s00;
        DoubleVector s23 = s00;
        DoubleVector s30 = s00;
        DoubleVector s31 = s00;
        DoubleVector s32 = s00;
        DoubleVector s33 = s00;
        for (int p = 0; p < k4; p += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, a, a0 + p);
            DoubleVector x1 = DoubleVector.fromArray(S, a, a1 + p);
            DoubleVector x2 = DoubleVector.fromArray(S, a, a2 + p);
            DoubleVector x3 = DoubleVector.fromArray(S, a, a3 + p);
            DoubleVector y = DoubleVector.fromArray(S, b, b0 + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            s20 = x2.fma(y, s20);
            s30 = x3.fma(y, s30);
            y = DoubleVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            s21 = x2.fma(y, s21);
            s31 = x3.fma(y, s31);
            y = DoubleVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            s22 = x2.fma(y, s22);
            s32 = x3.fma(y, s32);
            y = DoubleVector.fromArray(S, b, b3 + p);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
            s23 = x2.fma(y, s23);
            s33 = x3.fma(y, s33);
        }
        int c0 = i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        c[c0] = finish(s00, a, a0, b, b0, k4, k, c, c0, accumulate);
        c[c0 + 1] = finish(s01, a, a0, b, b1, k4, k, c, c0 + 1, accumulate);
        c[c0 + 2] = finish(s02, a, a0, b, b2, k4, k, c, c0 + 2, accumulate);
        c[c0 + 3] = finish(s03, a, a0, b, b3, k4, k, c, c0 + 3, accumulate);
        c[c1] = finish(s10, a, a1, b, b0, k4, k, c, c1, accumulate);
        c[c1 + 1] = finish(s11, a, a1, b, b1, k4, k, c, c1 + 1, accumulate);
        c[c1 + 2] = finish(s12, a, a1, b, b2, k4, k, c, c1 + 2, accumulate);
        c[c1 + 3] = finish(s13, a, a1, b, b3, k4, k, c, c1 + 3, accumulate);
        c[c2] = finish(s20, a, a2, b, b0, k4, k, c, c2, accumulate);
        c[c2 + 1] = finish(s21, a, a2, b, b1, k4, k, c, c2 + 1, accumulate);
        c[c2 + 2] = finish(s22, a, a2, b, b2, k4, k, c, c2 + 2, accumulate);
        c[c2 + 3] = finish(s23, a, a2, b, b3, k4, k, c, c2 + 3, accumulate);
        c[c3] = finish(s30, a, a3, b, b0, k4, k, c, c3, accumulate);
        c[c3 + 1] = finish(s31, a, a3, b, b1, k4, k, c, c3 + 1, accumulate);
        c[c3 + 2] = finish(s32, a, a3, b, b2, k4, k, c, c3 + 2, accumulate);
        c[c3 + 3] = finish(s33, a, a3, b, b3, k4, k, c, c3 + 3, accumulate);
    }

    /**
     * A 2 x 4 tile: each loaded vector of a is used four times, of b twice. The float twin's tile
     * (DOT_ROWS), the height the hand-written float kernels used; spelled out like dot4x4 because
     * its accumulators must be locals, not an array of vectors, to stay in registers.
     */
    private static void dot2x4(double[] a, int lda, double[] b, int ldb, double[] c, int ldc, int i, int j,
                               int k4, int k, boolean accumulate) {
        int a0 = i * lda;
        int a1 = a0 + lda;
        int b0 = j * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        DoubleVector s00 = DoubleVector.zero(S);
        DoubleVector s01 = s00;
        DoubleVector s02 = s00;
        DoubleVector s03 = s00;
        DoubleVector s10 = s00;
        DoubleVector s11 = s00;
        DoubleVector s12 = s00;
        DoubleVector s13 = s00;
        for (int p = 0; p < k4; p += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, a, a0 + p);
            DoubleVector x1 = DoubleVector.fromArray(S, a, a1 + p);
            DoubleVector y = DoubleVector.fromArray(S, b, b0 + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            y = DoubleVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            y = DoubleVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            y = DoubleVector.fromArray(S, b, b3 + p);
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

    private static void dot1x4(double[] a, int lda, double[] b, int ldb, double[] c, int ldc, int i, int j,
                               int k4, int k, boolean accumulate) {
        int a0 = i * lda;
        int b0 = j * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        for (int p = 0; p < k4; p += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, a0 + p);
            s0 = x.fma(DoubleVector.fromArray(S, b, b0 + p), s0);
            s1 = x.fma(DoubleVector.fromArray(S, b, b1 + p), s1);
            s2 = x.fma(DoubleVector.fromArray(S, b, b2 + p), s2);
            s3 = x.fma(DoubleVector.fromArray(S, b, b3 + p), s3);
        }
        int c0 = i * ldc + j;
        c[c0] = finish(s0, a, a0, b, b0, k4, k, c, c0, accumulate);
        c[c0 + 1] = finish(s1, a, a0, b, b1, k4, k, c, c0 + 1, accumulate);
        c[c0 + 2] = finish(s2, a, a0, b, b2, k4, k, c, c0 + 2, accumulate);
        c[c0 + 3] = finish(s3, a, a0, b, b3, k4, k, c, c0 + 3, accumulate);
    }

    private static void dotInto(double[] a, int ai, double[] b, int bj, int k4, int k, double[] c, int ci,
                                boolean accumulate) {
        DoubleVector s = DoubleVector.zero(S);
        for (int p = 0; p < k4; p += L) {
            s = DoubleVector.fromArray(S, a, ai + p).fma(DoubleVector.fromArray(S, b, bj + p), s);
        }
        c[ci] = finish(s, a, ai, b, bj, k4, k, c, ci, accumulate);
    }

    /**
     * The lanes added pairwise, (s0 + s1) + (s2 + s3), and with eight lanes that plus
     * ((s4 + s5) + (s6 + s7)); then the terms past k4 and C.
     */
    private static double finish(DoubleVector partial, double[] a, int ai, double[] b, int bj, int k4, int k,
                                 double[] c, int ci, boolean accumulate) {
        double s = (partial.lane(0) + partial.lane(1)) + (partial.lane(2) + partial.lane(3));
        if (L == 8) {
            s += (partial.lane(4) + partial.lane(5)) + (partial.lane(6) + partial.lane(7));
        }
        for (int p = k4; p < k; p++) {
            s = Math.fma(a[ai + p], b[bj + p], s);
        }
        return accumulate ? c[ci] + s : s;
    }

    /** In place: x -> max(x, slope * x) + 0 (slope in [0, 1); the + 0 turns -0 into +0). */
    static void relu(double[] a, int n, double slope) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, a, i);
            v.max(v.mul(slope)).add(0.0).intoArray(a, i);
        }
        for (; i < n; i++) {
            a[i] = Math.max(a[i], slope * a[i]) + 0.0;
        }
    }

    /**
     * In place: g times the derivative of the nonlinearity, read off the activation's sign: slope
     * where act <= 0, 1 where act > 0 (PyTorch's convention at 0).
     */
    static void reluBackward(double[] g, double[] act, int n, double slope) {
        int i = 0;
        for (int ub = S.loopBound(n); i < ub; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, g, i);
            v.blend(v.mul(slope), DoubleVector.fromArray(S, act, i).compare(VectorOperators.LE, 0.0)).intoArray(g, i);
        }
        for (; i < n; i++) {
            g[i] = act[i] <= 0 ? slope * g[i] : g[i];
        }
    }
}
