package org.reluspec.jobs.twolayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reluspec.jobs.data.Inputs;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

/** The two-layer backward pass against central finite differences of the loss. */
class TwoLayerGradientTest {
    private static final int D = 4;
    private static final int H = 6;
    private static final int C = 3;
    private static final int N = 7;

    /** 0.5 * sum over rows and outputs of (target - output)^2, computed with plain loops. */
    private static double loss(TwoLayerNet net, Matrix x, Matrix target) {
        double total = 0;
        for (int r = 0; r < x.rows(); r++) {
            double[] hidden = new double[H + 1];
            for (int j = 0; j <= H; j++) {
                double z = 0;
                for (int k = 0; k <= D; k++) {
                    z += x.get(r, k) * net.w1.get(k, j);
                }
                hidden[j] = net.nonlinear ? Math.max(z, 0) : z;
            }
            for (int o = 0; o < C; o++) {
                double y = 0;
                for (int j = 0; j <= H; j++) {
                    y += hidden[j] * net.w2.get(j, o);
                }
                double e = target.get(r, o) - y;
                total += 0.5 * e * e;
            }
        }
        return total;
    }

    private static TwoLayerNet randomNet(boolean nonlinear, long seed) {
        TwoLayerNet net = new TwoLayerNet(D, H, C, nonlinear, false);
        Rng rng = Rng.forRole(seed, Role.AUX);
        for (int k = 0; k <= D; k++) {
            for (int j = 0; j < H; j++) {
                net.w1.set(k, j, rng.nextGaussian());
            }
        }
        for (int j = 0; j <= H; j++) {
            for (int o = 0; o < C; o++) {
                net.w2.set(j, o, rng.nextGaussian());
            }
        }
        return net;
    }

    @ParameterizedTest
    @CsvSource({"true, 7", "false, 7", "true, 70"})
    void backwardMatchesFiniteDifferencesOfTheLossForWeightsAndBiases(boolean nonlinear, int n) {
        TwoLayerNet net = randomNet(nonlinear, 11);
        Matrix x = Inputs.gaussian(Rng.forRole(3, Role.TRAIN_DATA), n, D, 1.0, false);
        Matrix target = Matrix.create(false, n, C);
        Rng rng = Rng.forRole(5, Role.AUX);
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < C; o++) {
                target.set(r, o, rng.nextGaussian());
            }
        }
        Matrix[] descent = descent(net, x, target, n, false);
        Matrix dw1 = descent[0];
        Matrix dw2 = descent[1];

        double eps = 1e-6;
        // backward returns the descent direction: minus the gradient of the loss.
        for (int k = 0; k <= D; k++) {
            for (int j = 0; j < H; j++) {
                double numeric = centralDifference(net, net.w1, k, j, x, target, eps);
                assertClose(-numeric, dw1.get(k, j), "w1[" + k + "][" + j + "]");
            }
        }
        for (int j = 0; j <= H; j++) {
            for (int o = 0; o < C; o++) {
                double numeric = centralDifference(net, net.w2, j, o, x, target, eps);
                assertClose(-numeric, dw2.get(j, o), "w2[" + j + "][" + o + "]");
            }
        }
        // The constant unit's column never moves.
        for (int k = 0; k <= D; k++) {
            assertEquals(0.0, dw1.get(k, H));
        }
    }

    private static double centralDifference(TwoLayerNet net, Matrix w, int r, int c, Matrix x,
                                            Matrix target, double eps) {
        double saved = w.get(r, c);
        w.set(r, c, saved + eps);
        double up = loss(net, x, target);
        w.set(r, c, saved - eps);
        double down = loss(net, x, target);
        w.set(r, c, saved);
        return (up - down) / (2 * eps);
    }

    private static void assertClose(double expected, double actual, String what) {
        double tol = 1e-6 * Math.max(1.0, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= tol,
                what + ": finite difference " + expected + " vs backward " + actual);
    }

    @Test
    void floatPrecisionGradientAgreesWithDoubleToFloatAccuracy() {
        TwoLayerNet dnet = randomNet(true, 13);
        TwoLayerNet fnet = new TwoLayerNet(D, H, C, true, true);
        copy(dnet.w1, fnet.w1);
        copy(dnet.w2, fnet.w2);
        Matrix xd = Inputs.gaussian(Rng.forRole(3, Role.TRAIN_DATA), N, D, 1.0, false);
        Matrix xf = Inputs.gaussian(Rng.forRole(3, Role.TRAIN_DATA), N, D, 1.0, true);
        Matrix td = Matrix.create(false, N, C);
        Matrix tf = Matrix.create(true, N, C);
        Rng rng = Rng.forRole(5, Role.AUX);
        for (int r = 0; r < N; r++) {
            for (int o = 0; o < C; o++) {
                double v = rng.nextGaussian();
                td.set(r, o, (float) v);
                tf.set(r, o, v);
            }
        }
        double[][] results = new double[2][];
        int i = 0;
        for (boolean fp : new boolean[] {false, true}) {
            TwoLayerNet net = fp ? fnet : dnet;
            Matrix x = fp ? xf : xd;
            Matrix t = fp ? tf : td;
            Matrix[] descent = descent(net, x, t, N, fp);
            results[i++] = new double[] {descent[0].get(0, 0), descent[0].get(D, H - 1),
                descent[1].get(H, C - 1), descent[1].get(1, 1)};
        }
        for (int k = 0; k < 4; k++) {
            assertEquals(results[0][k], results[1][k], 1e-4 * Math.max(1, Math.abs(results[0][k])));
        }
    }

    /** The descent directions {dW1, dW2} of one forward and backward pass over n rows. */
    private static Matrix[] descent(TwoLayerNet net, Matrix x, Matrix target, int n, boolean fp) {
        Matrix h = Matrix.create(fp, n, H + 1);
        Matrix y = Matrix.create(fp, n, C);
        Matrix g2 = Matrix.create(fp, n, C);
        Matrix g1 = Matrix.create(fp, n, H + 1);
        Matrix dw1 = Matrix.create(fp, D + 1, H + 1);
        Matrix dw2 = Matrix.create(fp, H + 1, C);
        net.forward(x, n, h, y);
        g2.sub(target, y, n);
        net.backward(x, h, g2, n, g1, dw1, dw2, false);
        return new Matrix[] {dw1, dw2};
    }

    private static void copy(Matrix from, Matrix to) {
        for (int r = 0; r < from.rows(); r++) {
            for (int c = 0; c < from.cols(); c++) {
                to.set(r, c, from.get(r, c));
            }
        }
    }
}
