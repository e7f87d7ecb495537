package org.reluspec.jobs.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

/**
 * The blocked SIMD products give, bit for bit, the documented summation order for every shape
 * (full tiles, partial tiles, scalar tails), so results never depend on blocking or vector width.
 */
class KernelOrderTest {
    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 17, 25, 27, 33};

    /** A matrix of Gaussian entries (rounded to float when {@code fp}). */
    static Matrix random(boolean fp, int r, int c, Rng rng) {
        Matrix m = Matrix.create(fp, r, c);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                m.set(i, j, rng.nextGaussian());
            }
        }
        return m;
    }

    @Test
    void productsFollowOneFusedMultiplyAddChainPerEntryInDouble() {
        checkAll(false);
    }

    @Test
    void productsFollowOneFusedMultiplyAddChainPerEntryInFloat() {
        checkAll(true);
    }

    /** Shapes past the cache blocks: more than one block of the summed index and of rows, wide tiles. */
    @Test
    void productsKeepTheirOrderPastTheCacheBlocks() {
        for (boolean fp : new boolean[] {false, true}) {
            check(fp, new int[] {70, 133}, new int[] {53, 100}, new int[] {300, 517}, Rng.forRole(6, Role.AUX));
        }
    }

    private void checkAll(boolean fp) {
        check(fp, SIZES, SIZES, new int[] {1, 3, 4, 8, 11, 16, 19}, Rng.forRole(5, Role.AUX));
    }

    private void check(boolean fp, int[] ms, int[] ns, int[] ks, Rng rng) {
        for (int m : ms) {
            for (int n : ns) {
                for (int k : ks) {
                    Matrix a = random(fp, m, k, rng);
                    Matrix b = random(fp, k, n, rng);
                    Matrix at = random(fp, k, m, rng);
                    Matrix bt = random(fp, n, k, rng);
                    Matrix c0 = random(fp, m, n, rng);

                    Matrix c = Matrix.create(fp, m, n);
                    c.copyFrom(c0);
                    c.mul(a, b, m, true);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double acc = c0.get(i, j);
                            for (int p = 0; p < k; p++) {
                                acc = fp ? Math.fma((float) a.get(i, p), (float) b.get(p, j), (float) acc)
                                        : Math.fma(a.get(i, p), b.get(p, j), acc);
                            }
                            assertEquals(acc, c.get(i, j), "mul " + m + "x" + n + "x" + k);
                        }
                    }

                    Matrix ct = Matrix.create(fp, m, n);
                    ct.mulTransA(at, b, k, false);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double acc = 0;
                            for (int p = 0; p < k; p++) {
                                acc = fp ? Math.fma((float) at.get(p, i), (float) b.get(p, j), (float) acc)
                                        : Math.fma(at.get(p, i), b.get(p, j), acc);
                            }
                            assertEquals(acc, ct.get(i, j), "mulTransA " + m + "x" + n + "x" + k);
                        }
                    }

                    Matrix cb = Matrix.create(fp, m, n);
                    cb.mulTransB(a, bt, m, false);
                    int lanes = fp ? 8 : 4;
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            assertEquals(dotInLanes(a, i, bt, j, k, lanes, fp), cb.get(i, j),
                                    "mulTransB " + m + "x" + n + "x" + k);
                        }
                    }
                }
            }
        }
    }

    /** Partial sums per lane (p mod lanes), combined pairwise, then the remaining terms in order. */
    private static double dotInLanes(Matrix a, int i, Matrix b, int j, int k, int lanes, boolean fp) {
        int kl = k - k % lanes;
        double[] part = new double[lanes];
        for (int p = 0; p < kl; p++) {
            part[p % lanes] = fp ? Math.fma((float) a.get(i, p), (float) b.get(j, p), (float) part[p % lanes])
                    : Math.fma(a.get(i, p), b.get(j, p), part[p % lanes]);
        }
        for (int width = lanes / 2; width >= 1; width /= 2) {
            for (int q = 0; q < width; q++) {
                // ((s0 + s1) + (s2 + s3)) + ...: pairs of neighbours first.
                part[q] = fp ? (float) ((float) part[2 * q] + (float) part[2 * q + 1]) : part[2 * q] + part[2 * q + 1];
            }
        }
        double s = part[0];
        for (int p = kl; p < k; p++) {
            s = fp ? Math.fma((float) a.get(i, p), (float) b.get(j, p), (float) s) : Math.fma(a.get(i, p), b.get(j, p), s);
        }
        return s;
    }

    @Test
    void floatAxpyRoundsLikeJavaScalarArithmetic() {
        Rng rng = Rng.forRole(8, Role.AUX);
        for (int cols : new int[] {1, 3, 4, 9, 37}) {
            Matrix y = random(true, 3, cols, rng);
            Matrix x = random(true, 3, cols, rng);
            double alpha = -0.0123456789;
            float[] expected = new float[3 * cols];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < cols; j++) {
                    float v = (float) y.get(i, j);
                    v += alpha * (float) x.get(i, j); // widened to double, rounded to float once
                    expected[i * cols + j] = v;
                }
            }
            y.axpy(alpha, x);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < cols; j++) {
                    assertEquals(expected[i * cols + j], (float) y.get(i, j), "axpy " + cols);
                }
            }
        }
    }

    /** The ranges the threads of a run split an update into start and end anywhere (vector body, scalar tail). */
    @Test
    void floatAxpyOnARangeChangesOnlyThatRangeAndRoundsLikeJava() {
        Rng rng = Rng.forRole(10, Role.AUX);
        for (int[] range : new int[][] {{0, 111}, {1, 110}, {3, 8}, {5, 6}, {7, 7}, {64, 111}}) {
            Matrix y = random(true, 1, 111, rng);
            Matrix x = random(true, 1, 111, rng);
            double alpha = -1e-3 * (1 + rng.nextDouble());
            float[] expected = new float[111];
            for (int j = 0; j < 111; j++) {
                float v = (float) y.get(0, j);
                if (j >= range[0] && j < range[1]) {
                    v += alpha * (float) x.get(0, j);
                }
                expected[j] = v;
            }
            y.axpy(alpha, x, range[0], range[1]);
            for (int j = 0; j < 111; j++) {
                assertEquals(expected[j], (float) y.get(0, j), "axpy [" + range[0] + ", " + range[1] + ") at " + j);
            }
        }
    }

    @Test
    void reluAndItsDerivativeMatchTheirDefinitionsOnEveryPath() {
        Rng rng = Rng.forRole(7, Role.AUX);
        for (boolean fp : new boolean[] {false, true}) {
            for (double slope : new double[] {0.0, 0.1}) {
                for (int cols : new int[] {1, 3, 8, 13}) {
                    Matrix x = random(fp, 5, cols, rng);
                    x.set(0, 0, 0.0);
                    Matrix act = Matrix.create(fp, 5, cols);
                    act.copyFrom(x);
                    act.relu(5, slope);
                    Matrix g = random(fp, 5, cols, rng);
                    Matrix back = Matrix.create(fp, 5, cols);
                    back.copyFrom(g);
                    back.reluBackward(act, 5, slope);
                    for (int i = 0; i < 5; i++) {
                        for (int j = 0; j < cols; j++) {
                            double v = x.get(i, j);
                            double expected = v > 0 ? v : (fp ? (float) ((float) slope * (float) v) : slope * v);
                            assertEquals(expected == 0 ? 0.0 : expected, act.get(i, j), "relu " + v);
                            boolean active = v > 0;
                            double gv = g.get(i, j);
                            double expectedGrad = active ? gv : (fp ? (float) ((float) slope * (float) gv) : slope * gv);
                            assertEquals(expectedGrad, back.get(i, j), 0.0, "derivative at " + v);
                        }
                    }
                }
            }
        }
    }
}
