package org.reluspec.driver.complexity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

class FitTest {
    /** Synthetic N* = e^1.5 K^a d^b (1/eps)^c with multiplicative log-normal noise. */
    static double[][] synthetic(double a, double b, double c, double noise, long seed) {
        Rng rng = Rng.forRole(seed, Role.TEACHER);
        List<double[]> rows = new ArrayList<>();
        for (int k : new int[] {4, 6, 9, 12, 18}) {
            for (int d : new int[] {5, 10, 20, 40}) {
                for (double eps : new double[] {0.05, 0.1, 0.2}) {
                    double logN = 1.5 + a * Math.log(k) + b * Math.log(d) + c * Math.log(1 / eps)
                            + noise * rng.nextGaussian();
                    rows.add(new double[] {Math.exp(logN), k, d, eps});
                }
            }
        }
        double[][] cols = new double[4][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int t = 0; t < 4; t++) {
                cols[t][i] = rows.get(i)[t];
            }
        }
        return cols;
    }

    @Test
    void theFitRecoversKnownExponentsWithinItsBootstrapIntervals() {
        double[] truth = {1.5, 2.5, 3, 1};
        for (long seed = 1; seed <= 3; seed++) {
            double[][] x = synthetic(2.5, 3, 1, 0.15, seed);
            Fit f = Fit.of(x[0], x[1], x[2], x[3], 1000, 7);
            assertNotNull(f);
            assertEquals(60, f.cells());
            for (int t = 0; t < 4; t++) {
                assertTrue(f.ciLow()[t] <= truth[t] && truth[t] <= f.ciHigh()[t],
                        "seed " + seed + " " + f.terms().get(t) + ": " + truth[t] + " outside ["
                                + f.ciLow()[t] + ", " + f.ciHigh()[t] + "]\n" + f.table());
                assertEquals(truth[t], f.estimate()[t], t == 0 ? 0.4 : 0.15, f.table());
                assertTrue(f.ciHigh()[t] - f.ciLow()[t] < (t == 0 ? 1.0 : 0.4), "intervals are informative: " + f.table());
            }
            assertTrue(f.r2() > 0.97, f.table());
        }
    }

    @Test
    void withoutNoiseTheFitIsExactAndTheIntervalsCollapse() {
        double[][] x = synthetic(1.25, 0.5, 2, 0, 1);
        Fit f = Fit.of(x[0], x[1], x[2], x[3], 200, 7);
        assertArrayEquals(new double[] {1.5, 1.25, 0.5, 2}, f.estimate(), 1e-9);
        assertEquals(1.25, f.ciLow()[1], 1e-9);
        assertEquals(1.25, f.ciHigh()[1], 1e-9);
    }

    @Test
    void theBootstrapIsReproducibleFromItsSeed() {
        double[][] x = synthetic(2.5, 3, 1, 0.3, 4);
        Fit a = Fit.of(x[0], x[1], x[2], x[3], 300, 11);
        Fit b = Fit.of(x[0], x[1], x[2], x[3], 300, 11);
        Fit c = Fit.of(x[0], x[1], x[2], x[3], 300, 12);
        assertArrayEquals(a.ciLow(), b.ciLow());
        assertArrayEquals(a.ciHigh(), b.ciHigh());
        assertTrue(a.ciLow()[1] != c.ciLow()[1], "another seed resamples differently");
    }

    @Test
    void aTermThatDoesNotVaryIsLeftOutAndTooFewCellsGiveNoFit() {
        double[] n = {100, 400, 900, 1600, 2500};
        double[] k = {2, 4, 6, 8, 10};
        double[] d = {10, 10, 10, 10, 10};
        double[] eps = {0.1, 0.1, 0.1, 0.1, 0.1};
        Fit f = Fit.of(n, k, d, eps, 100, 1);
        assertEquals(2, f.estimate()[1], 1e-9);
        assertTrue(Double.isNaN(f.estimate()[2]) && Double.isNaN(f.estimate()[3]));
        assertTrue(f.table().contains("(does not vary)"));
        assertNull(Fit.of(new double[] {10, 20}, new double[] {2, 4}, new double[] {3, 6}, new double[] {0.1, 0.2}, 10, 1));
    }
}
