package org.reluspec.jobs.multilayer;

import java.util.Arrays;
import java.util.List;
import org.reluspec.jobs.data.ChoiceVectors;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.linalg.Parallel;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

/**
 * The reference's teacher: distinct choice-set rows, strength decay of fan-out columns,
 * row normalization, then (teacher_bias_tune) median bias shifts and output standardization on
 * the evaluation set. The teacher always runs in evaluation mode.
 */
final class Teacher {
    private Teacher() {
    }

    static Network create(MultiLayerSettings settings, boolean floatPrecision, int capacity) {
        return create(settings, floatPrecision, capacity, new Parallel(1));
    }

    static Network create(MultiLayerSettings settings, boolean floatPrecision, int capacity, Parallel par) {
        MultiLayerSettings.Widths widths = settings.widths();
        MultiLayerSettings.Blocks blocks = settings.teacher();
        return new Network(floatPrecision, widths.inputs(), widths.teacher(), widths.outputs(),
                blocks.biases(), blocks.batchNorm(), blocks.batchNormAffine(), blocks.batchNormBeforeRelu(),
                blocks.slope(), capacity, par);
    }

    /** The complete construction in double, a function of the seed and the evaluation inputs. */
    static Network build(MultiLayerSettings settings, int capacity, List<Matrix> evalChunks) {
        return build(settings, capacity, evalChunks, new Parallel(1));
    }

    static Network build(MultiLayerSettings settings, int capacity, List<Matrix> evalChunks, Parallel par) {
        Network t = create(settings, false, capacity, par);
        draw(t, Rng.forRole(settings.seed(), Role.TEACHER));
        decayAndNormalize(t, settings.teacherStrengthDecay());
        if (settings.teacherBiasTune()) {
            tune(t, evalChunks);
        }
        return t;
    }

    /** Every linear layer: distinct non-zero rows from the choice set, biases U[-0.5, 0.5]. */
    static void draw(Network t, Rng rng) {
        for (int l = 0; l < t.linearCount(); l++) {
            Linear lin = t.linear(l);
            double[][] rows = ChoiceVectors.distinct(rng, lin.out, lin.in);
            for (int r = 0; r < lin.out; r++) {
                for (int c = 0; c < lin.in; c++) {
                    lin.weight.set(r, c, rows[r][c]);
                }
            }
            if (lin.bias != null) {
                for (int r = 0; r < lin.out; r++) {
                    lin.bias.set(0, r, rng.nextDouble() - 0.5);
                }
            }
        }
    }

    /** Fan-out column i of every layer above the first divided by (1+i)^p; then unit rows. */
    static void decayAndNormalize(Network t, double p) {
        for (int l = 1; l < t.linearCount(); l++) {
            Linear lin = t.linear(l);
            for (int i = 0; i < lin.in; i++) {
                lin.weight.scaleColumn(i, 0, lin.out, 1.0 / Math.pow(1 + i, p));
            }
        }
        t.normalizeRows();
    }

    /**
     * Layer by layer, subtracts each node's median pre-activation on the evaluation set from its
     * bias (so it is active on about half of the inputs; torch's median: the lower middle value),
     * then standardizes each output (unbiased std). Without biases only the scale is applied.
     */
    static void tune(Network t, List<Matrix> evalChunks) {
        int n = 0;
        for (Matrix x : evalChunks) {
            n += x.rows();
        }
        for (int l = 0; l < t.depth(); l++) {
            Linear lin = t.linear(l);
            double[][] pre = new double[lin.out][n];
            Matrix z = Matrix.create(lin.weight.entryBytes() == 4, t.capacity, lin.out);
            int row = 0;
            for (Matrix x : evalChunks) {
                int m = x.rows();
                t.forward(x, m, Network.Mode.EVAL);
                lin.forward(l == 0 ? x : t.hidden.get(l - 1).out, z, m);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < lin.out; j++) {
                        pre[j][row + i] = z.get(i, j);
                    }
                }
                row += m;
            }
            if (lin.bias != null) {
                for (int j = 0; j < lin.out; j++) {
                    Arrays.sort(pre[j]);
                    lin.bias.set(0, j, lin.bias.get(0, j) - pre[j][(n - 1) / 2]);
                }
            }
        }
        standardizeOutputs(t, evalChunks, n);
    }

    private static void standardizeOutputs(Network t, List<Matrix> evalChunks, int n) {
        Linear out = t.output;
        double[] sum = new double[out.out];
        double[] sq = new double[out.out];
        // Two passes (mean, then squared deviations) for an accurate variance.
        for (int pass = 0; pass < 2; pass++) {
            for (Matrix x : evalChunks) {
                Matrix y = t.forward(x, x.rows(), Network.Mode.EVAL);
                for (int i = 0; i < x.rows(); i++) {
                    for (int o = 0; o < out.out; o++) {
                        if (pass == 0) {
                            sum[o] += y.get(i, o);
                        } else {
                            double d = y.get(i, o) - sum[o] / n;
                            sq[o] += d * d;
                        }
                    }
                }
            }
        }
        for (int o = 0; o < out.out; o++) {
            double mean = sum[o] / n;
            double std = Math.sqrt(sq[o] / (n - 1));
            out.weight.scaleRow(o, 1.0 / std);
            if (out.bias != null) {
                out.bias.set(0, o, (out.bias.get(0, o) - mean) / std);
            }
        }
    }
}
