package org.reluspec.jobs.twolayer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.linalg.DMatrix;

/** The products with padded edge columns against the kernel's own: the same bits on random shapes. */
class EdgeColumnProductsTest {
    private static final int MAX = 40;

    @Test
    void mulEqualsTheKernelBitForBit() {
        SplittableRandom random = new SplittableRandom(13);
        EdgeColumnProducts products = new EdgeColumnProducts(MAX);
        for (int trial = 0; trial < 400; trial++) {
            int rows = 1 + random.nextInt(MAX);
            int m = 1 + random.nextInt(rows);
            int k = 1 + random.nextInt(MAX);
            int n = 1 + random.nextInt(MAX);
            boolean accumulate = random.nextBoolean();
            DMatrix a = randomMatrix(random, rows, k);
            DMatrix b = randomMatrix(random, k, n);
            DMatrix expected = randomMatrix(random, rows, n);
            DMatrix actual = copy(expected);
            expected.mul(a, b, m, accumulate);
            products.mul(actual, a, b, m, accumulate);
            assertArrayEquals(expected.data(), actual.data(), "m " + m + " k " + k + " n " + n + " += " + accumulate);
        }
    }

    @Test
    void mulTransAEqualsTheKernelBitForBit() {
        SplittableRandom random = new SplittableRandom(14);
        EdgeColumnProducts products = new EdgeColumnProducts(MAX);
        for (int trial = 0; trial < 400; trial++) {
            int rows = 1 + random.nextInt(MAX);
            int m = 1 + random.nextInt(rows);
            int outRows = 1 + random.nextInt(MAX);
            int n = 1 + random.nextInt(MAX);
            boolean accumulate = random.nextBoolean();
            DMatrix a = randomMatrix(random, rows, outRows);
            DMatrix b = randomMatrix(random, rows, n);
            DMatrix expected = randomMatrix(random, outRows, n);
            DMatrix actual = copy(expected);
            expected.mulTransA(a, b, m, accumulate);
            products.mulTransA(actual, a, b, m, accumulate);
            assertArrayEquals(expected.data(), actual.data(),
                    "m " + m + " rows " + outRows + " n " + n + " += " + accumulate);
        }
    }

    private static DMatrix copy(DMatrix m) {
        DMatrix c = new DMatrix(m.rows(), m.cols());
        c.copyFrom(m);
        return c;
    }

    private static DMatrix randomMatrix(SplittableRandom random, int rows, int cols) {
        DMatrix m = new DMatrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m.set(r, c, random.nextDouble(-1, 1));
            }
        }
        return m;
    }
}
