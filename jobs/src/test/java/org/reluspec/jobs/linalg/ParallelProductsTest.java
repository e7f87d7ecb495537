package org.reluspec.jobs.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.reluspec.jobs.linalg.KernelOrderTest.random;

import org.junit.jupiter.api.Test;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

/**
 * Products split between 2 and 3 threads equal the one-thread products bit for bit, on shapes
 * whose cuts leave every width of edge columns to a thread: a thread's last vector tile overlaps
 * columns it has finished, never another thread's.
 */
class ParallelProductsTest {

    @Test
    void productsCutAlongColumnsMatchOneThread() {
        // n >= m: cut along columns, in blocks of 24; k large enough that the product is handed out.
        for (int n = 20; n <= 75; n++) {
            check(20, n, 200, n);
        }
    }

    @Test
    void productsCutAlongRowsMatchOneThread() {
        for (int n = 1; n <= 40; n++) {
            check(64, n, 60, 100 + n);
        }
    }

    private static void check(int m, int n, int k, long seed) {
        Rng rng = Rng.forRole(seed, Role.AUX);
        for (boolean fp : new boolean[] {false, true}) {
            Matrix a = random(fp, m, k, rng);
            Matrix b = random(fp, k, n, rng);
            Matrix at = random(fp, k, m, rng);
            Matrix bt = random(fp, n, k, rng);
            Matrix c0 = random(fp, m, n, rng);
            for (int threads : new int[] {2, 3}) {
                try (Parallel par = new Parallel(threads)) {
                    for (boolean accumulate : new boolean[] {false, true}) {
                        Matrix one = Matrix.create(fp, m, n);
                        Matrix many = Matrix.create(fp, m, n);
                        String what = (fp ? "float " : "double ") + m + "x" + n + "x" + k + " on " + threads
                                + " threads" + (accumulate ? ", accumulating" : "");

                        one.copyFrom(c0);
                        many.copyFrom(c0);
                        one.mul(a, b, m, accumulate);
                        par.mul(many, a, b, m, accumulate);
                        assertSame(one, many, "mul " + what);

                        one.copyFrom(c0);
                        many.copyFrom(c0);
                        one.mulTransA(at, b, k, accumulate);
                        par.mulTransA(many, at, b, k, accumulate);
                        assertSame(one, many, "mulTransA " + what);

                        one.copyFrom(c0);
                        many.copyFrom(c0);
                        one.mulTransB(a, bt, m, accumulate);
                        par.mulTransB(many, a, bt, m, accumulate);
                        assertSame(one, many, "mulTransB " + what);
                    }
                }
            }
        }
    }

    private static void assertSame(Matrix expected, Matrix actual, String what) {
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                assertEquals(expected.get(i, j), actual.get(i, j), what + " at (" + i + ", " + j + ")");
            }
        }
    }
}
