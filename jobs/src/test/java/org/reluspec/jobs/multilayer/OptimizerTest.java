package org.reluspec.jobs.multilayer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.linalg.Matrix;

/** Two steps on a 1x2 tensor, against PyTorch's update rules worked out by hand. */
class OptimizerTest {
    private static final double[] W0 = {1, -2};
    private static final double[] G1 = {0.5, 0.25};
    private static final double[] G2 = {-1, 2};

    private static Trainable param(boolean floatPrecision) {
        Matrix w = Matrix.create(floatPrecision, 1, 2);
        w.setRow(0, W0);
        return new Trainable(w, Matrix.create(floatPrecision, 1, 2));
    }

    private static void step(Optimizer opt, Trainable p, double[] g, double lr) {
        p.grad().setRow(0, g);
        opt.step(lr);
    }

    @Test
    void sgdWithMomentumAndWeightDecayTwoSteps() {
        Trainable p = param(false);
        Optimizer sgd = new Sgd(List.of(p), 0.9, 0.1);
        // d1 = g1 + 0.1 w0 = (0.6, 0.05); buf = d1; w1 = w0 - 0.5 buf = (0.7, -2.025)
        step(sgd, p, G1, 0.5);
        assertEquals(0.7, p.value().get(0, 0), 1e-12);
        assertEquals(-2.025, p.value().get(0, 1), 1e-12);
        // d2 = g2 + 0.1 w1 = (-0.93, 1.7975); buf = 0.9 (0.6, 0.05) + d2 = (-0.39, 1.8425)
        // w2 = w1 - 0.5 buf = (0.895, -2.94625)
        step(sgd, p, G2, 0.5);
        assertEquals(0.895, p.value().get(0, 0), 1e-12);
        assertEquals(-2.94625, p.value().get(0, 1), 1e-12);
    }

    @Test
    void sgdWithoutMomentumIsPlainGradientDescent() {
        Trainable p = param(false);
        Optimizer sgd = new Sgd(List.of(p), 0.0, 0.0);
        step(sgd, p, G1, 0.5);
        step(sgd, p, G2, 0.5);
        // w0 - 0.5 (g1 + g2) = (1 - 0.5 (-0.5), -2 - 0.5 (2.25))
        assertEquals(1.25, p.value().get(0, 0), 1e-12);
        assertEquals(-3.125, p.value().get(0, 1), 1e-12);
    }

    @Test
    void adamTwoSteps() {
        for (boolean fp : new boolean[] {false, true}) {
            Trainable p = param(fp);
            Optimizer adam = new Adam(List.of(p), 0.0);
            double tol = fp ? 1e-6 : 1e-12;
            // Step 1: m/(1-b1) = g, sqrt(v/(1-b2)) = |g|: a step of lr against the sign of g.
            step(adam, p, G1, 0.1);
            assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-8), p.value().get(0, 0), tol);
            assertEquals(-2 - 0.1 * 0.25 / (0.25 + 1e-8), p.value().get(0, 1), tol);
            // Step 2: m = (-0.055, 0.2225), v = (0.00124975, 0.0040624375), bias corrections
            // 0.19 and 0.001999: w -= 0.1 * (m / 0.19) / (sqrt(v / 0.001999) + 1e-8).
            step(adam, p, G2, 0.1);
            tol = Math.max(tol, 1e-8); // the hand formula starts from w1 without its 1e-8 eps shift
            assertEquals(0.9 - 0.1 * (-0.055 / 0.19) / (Math.sqrt(0.00124975 / 0.001999) + 1e-8),
                    p.value().get(0, 0), tol);
            assertEquals(-2.1 - 0.1 * (0.2225 / 0.19) / (Math.sqrt(0.0040624375 / 0.001999) + 1e-8),
                    p.value().get(0, 1), tol);
            assertEquals(0.93661035, p.value().get(0, 0), 1e-6);
            assertEquals(-2.18214657, p.value().get(0, 1), 1e-6);
        }
    }

    @Test
    void adamAddsWeightDecayToTheGradient() {
        Trainable p = param(false);
        Optimizer adam = new Adam(List.of(p), 0.1);
        step(adam, p, G1, 0.1);
        step(adam, p, G2, 0.1);
        // Same rule with g1' = g1 + 0.1 w0 = (0.6, 0.05) and g2' = g2 + 0.1 w1.
        double w1a = 1 - 0.1;
        double w1b = -2 - 0.1;
        double ga = -1 + 0.1 * w1a;
        double gb = 2 + 0.1 * w1b;
        double ma = 0.9 * 0.1 * 0.6 + 0.1 * ga;
        double mb = 0.9 * 0.1 * 0.05 + 0.1 * gb;
        double va = 0.999 * 0.001 * 0.36 + 0.001 * ga * ga;
        double vb = 0.999 * 0.001 * 0.0025 + 0.001 * gb * gb;
        assertEquals(w1a - 0.1 * (ma / 0.19) / Math.sqrt(va / 0.001999), p.value().get(0, 0), 1e-7);
        assertEquals(w1b - 0.1 * (mb / 0.19) / Math.sqrt(vb / 0.001999), p.value().get(0, 1), 1e-7);
    }
}
