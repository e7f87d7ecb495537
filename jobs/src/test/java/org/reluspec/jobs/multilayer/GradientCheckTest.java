package org.reluspec.jobs.multilayer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

/** Analytic gradients of the MSE loss against central differences, in double precision. */
class GradientCheckTest {
    private static final int IN = 4;
    private static final int[] WIDTHS = {5, 4};
    private static final int OUT = 3;
    private static final int M = 7;
    private static final double H = 1e-5;
    /** Pre-activations closer than this to 0 would let a +-H step cross the ReLU kink. */
    private static final double KINK_MARGIN = 1e-3;

    static Stream<Arguments> configurations() {
        List<Arguments> list = new ArrayList<>();
        for (boolean bias : new boolean[] {true, false}) {
            for (double slope : new double[] {0.0, 0.1}) {
                list.add(Arguments.of(bias, slope, false, false, false, Network.Mode.TRAIN_FROZEN));
                for (boolean before : new boolean[] {true, false}) {
                    for (boolean affine : new boolean[] {true, false}) {
                        for (Network.Mode mode : new Network.Mode[] {Network.Mode.TRAIN_FROZEN, Network.Mode.EVAL}) {
                            list.add(Arguments.of(bias, slope, true, affine, before, mode));
                        }
                    }
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "bias={0} slope={1} bn={2} affine={3} bnBeforeAct={4} mode={5}")
    @MethodSource("configurations")
    void analyticGradientMatchesCentralDifferences(boolean bias, double slope, boolean bn, boolean affine,
                                                   boolean bnBefore, Network.Mode mode) {
        // Draw networks until none of the ReLU inputs sits near the kink.
        for (long seed = 1; seed < 200; seed++) {
            Network net = new Network(false, IN, WIDTHS, OUT, bias, bn, affine, bnBefore, slope, M);
            Rng rng = Rng.forRole(seed, Role.AUX);
            randomize(net, rng);
            Matrix x = random(rng, M, IN, 1.0);
            Matrix target = random(rng, M, OUT, 1.0);
            if (minKinkDistance(net, x, mode) < KINK_MARGIN) {
                continue;
            }
            check(net, x, target, mode);
            return;
        }
        throw new AssertionError("no network without near-kink pre-activations found");
    }

    private static void check(Network net, Matrix x, Matrix target, Network.Mode mode) {
        Matrix y = net.forward(x, M, mode);
        Matrix dy = Matrix.create(false, M, OUT);
        dy.sub(y, target, M);
        dy.scale(M, 2.0 / (M * OUT));
        net.backward(x, dy, M);
        List<Trainable> params = net.params();
        assertTrue(params.size() >= 3);
        for (int p = 0; p < params.size(); p++) {
            Matrix v = params.get(p).value();
            Matrix g = params.get(p).grad();
            double diff2 = 0;
            double norm2 = 0;
            for (int r = 0; r < v.rows(); r++) {
                for (int c = 0; c < v.cols(); c++) {
                    double w = v.get(r, c);
                    v.set(r, c, w + H);
                    double lp = loss(net, x, target, mode);
                    v.set(r, c, w - H);
                    double lm = loss(net, x, target, mode);
                    v.set(r, c, w);
                    double numeric = (lp - lm) / (2 * H);
                    diff2 += (numeric - g.get(r, c)) * (numeric - g.get(r, c));
                    norm2 += Math.max(numeric * numeric, g.get(r, c) * g.get(r, c));
                }
            }
            if (Math.sqrt(norm2) < 1e-8) {
                // A truly zero gradient (a bias in front of batch-statistics BN): absolute check.
                assertTrue(Math.sqrt(diff2) < 1e-9, "parameter " + p + ": |error| " + Math.sqrt(diff2));
                continue;
            }
            double rel = Math.sqrt(diff2 / norm2);
            assertTrue(rel < 1e-6, "parameter " + p + " (" + v.rows() + "x" + v.cols() + "): relative error " + rel);
        }
    }

    private static double loss(Network net, Matrix x, Matrix target, Network.Mode mode) {
        Matrix y = net.forward(x, M, mode);
        double s = 0;
        for (int r = 0; r < M; r++) {
            for (int c = 0; c < OUT; c++) {
                double d = y.get(r, c) - target.get(r, c);
                s += d * d;
            }
        }
        return s / (M * OUT);
    }

    /** Smallest |input of a nonlinearity| over the batch, recomputed independently of the engine. */
    private static double minKinkDistance(Network net, Matrix x, Network.Mode mode) {
        net.forward(x, M, mode);
        double min = Double.POSITIVE_INFINITY;
        for (int l = 0; l < net.depth(); l++) {
            HiddenLayer h = net.hidden.get(l);
            Matrix in = l == 0 ? x : net.hidden.get(l - 1).out;
            Matrix z = Matrix.create(false, M, h.width);
            h.linear.forward(in, z, M);
            if (h.bn != null && h.bnBeforeAct) {
                for (int j = 0; j < h.width; j++) {
                    double mean = 0;
                    double var = 0;
                    for (int r = 0; r < M; r++) {
                        mean += z.get(r, j) / M;
                    }
                    for (int r = 0; r < M; r++) {
                        var += (z.get(r, j) - mean) * (z.get(r, j) - mean) / M;
                    }
                    if (mode == Network.Mode.EVAL) {
                        mean = h.bn.runningMean[j];
                        var = h.bn.runningVar[j];
                    }
                    double g = h.bn.affine ? h.bn.gamma.get(0, j) : 1;
                    double b = h.bn.affine ? h.bn.beta.get(0, j) : 0;
                    for (int r = 0; r < M; r++) {
                        min = Math.min(min, Math.abs((z.get(r, j) - mean) / Math.sqrt(var + 1e-5) * g + b));
                    }
                }
            } else {
                for (int r = 0; r < M; r++) {
                    for (int j = 0; j < h.width; j++) {
                        min = Math.min(min, Math.abs(z.get(r, j)));
                    }
                }
            }
        }
        return min;
    }

    private static void randomize(Network net, Rng rng) {
        Student.init(net, rng, 1.0);
        for (HiddenLayer h : net.hidden) {
            if (h.bn != null) {
                for (int j = 0; j < h.width; j++) {
                    h.bn.runningMean[j] = 0.3 * rng.nextGaussian();
                    h.bn.runningVar[j] = 0.5 + rng.nextDouble();
                    if (h.bn.affine) {
                        h.bn.gamma.set(0, j, 0.5 + rng.nextDouble());
                        h.bn.beta.set(0, j, 0.3 * rng.nextGaussian());
                    }
                }
            }
        }
    }

    private static Matrix random(Rng rng, int rows, int cols, double std) {
        Matrix m = Matrix.create(false, rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m.set(r, c, std * rng.nextGaussian());
            }
        }
        return m;
    }
}
