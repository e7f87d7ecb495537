package org.reluspec.jobs.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

class CorrelationAccumulatorTest {

    @Test
    void chunkedCorrelationEqualsTheTwoPassFormulaAndKnownCases() {
        Rng rng = Rng.forRole(9, Role.AUX);
        int n = 500;
        double[][] t = new double[n][2];
        double[][] s = new double[n][3];
        for (int r = 0; r < n; r++) {
            double z = rng.nextGaussian();
            t[r][0] = Math.max(0, z);
            t[r][1] = rng.nextGaussian();
            s[r][0] = 3 * t[r][0] + 1; // perfectly correlated
            s[r][1] = -t[r][1];        // perfectly anti-correlated with teacher 1
            s[r][2] = 0;               // dead node
        }
        CorrelationAccumulator acc = new CorrelationAccumulator(2, 3);
        Matrix tm = Matrix.create(false, 100, 2);
        Matrix sm = Matrix.create(false, 100, 3);
        for (int r0 = 0; r0 < n; r0 += 100) {
            for (int r = 0; r < 100; r++) {
                tm.setRow(r, t[r0 + r]);
                sm.setRow(r, s[r0 + r]);
            }
            acc.add(tm, sm, 100);
        }
        double[][] c = acc.correlation();
        assertEquals(1.0, c[0][0], 1e-9);
        assertEquals(-1.0, c[1][1], 1e-9);
        assertEquals(0.0, c[0][2]);
        assertEquals(0.0, c[1][2]);
        assertEquals(twoPass(t, 0, s, 1), c[0][1], 1e-12);
        assertEquals(twoPass(t, 1, s, 0), c[1][0], 1e-12);
    }

    private static double twoPass(double[][] a, int i, double[][] b, int j) {
        double ma = 0;
        double mb = 0;
        for (int r = 0; r < a.length; r++) {
            ma += a[r][i];
            mb += b[r][j];
        }
        ma /= a.length;
        mb /= a.length;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int r = 0; r < a.length; r++) {
            cov += (a[r][i] - ma) * (b[r][j] - mb);
            va += (a[r][i] - ma) * (a[r][i] - ma);
            vb += (b[r][j] - mb) * (b[r][j] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }

    @Test
    void anglesAreArccosOfTheBestCosine() {
        double[][] teacher = {{1, 0, 0}, {0, 1, 1}};
        double[][] student = {{0, 2, 0}, {3, 0, 0.0001}, {0, -1, -1}};
        Angles a = Angles.best(teacher, student);
        assertEquals(Math.acos(3 / Math.sqrt(9 + 1e-8)), a.angle()[0], 1e-12);
        assertEquals(1, a.student()[0]);
        assertEquals(Math.PI / 4, a.angle()[1], 1e-12);
        assertEquals(0, a.student()[1]);
    }
}
