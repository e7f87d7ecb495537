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
                lin.forward(t.forwardHidden(x, m, l), z, m);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < lin.out; j++) {
                        pre[j][row + i] = z.get(i, j);
                    }
                }
                row += m;
            }
            if (lin.bias != null) {
                for (int j = 0; j < lin.out; j++) {
                    lin.bias.set(0, j, lin.bias.get(0, j) - kthSmallest(pre[j], (n - 1) / 2));
                }
            }
        }
        standardizeOutputs(t, evalChunks, n);
    }

    /**
     * The k-th smallest value of {@code a} (from 0), in the order of {@link Arrays#sort(double[])}
     * (-0.0 before 0.0), so the same value as sorting, without sorting all of it; reorders a.
     */
    static double kthSmallest(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            double pivot = a[lo + (hi - lo) / 2];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (Double.compare(a[i], pivot) < 0) {
                    i++;
                }
                while (Double.compare(a[j], pivot) > 0) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            // a[lo..j] <= pivot <= a[i..hi], and the entries between equal the pivot.
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void standardizeOutputs(Network t, List<Matrix> evalChunks, int n) {
        Linear out = t.output;
        double[][] y = new double[n][out.out];
        double[] sum = new double[out.out];
        int row = 0;
        for (Matrix x : evalChunks) {
            Matrix yc = t.forward(x, x.rows(), Network.Mode.EVAL);
            for (int i = 0; i < x.rows(); i++, row++) {
                yc.getRow(i, y[row]);
                for (int o = 0; o < out.out; o++) {
                    sum[o] += y[row][o];
                }
            }
        }
        // Squared deviations from the mean in a second pass over the kept outputs: an accurate variance.
        double[] sq = new double[out.out];
        for (double[] yi : y) {
            for (int o = 0; o < out.out; o++) {
                double d = yi[o] - sum[o] / n;
                sq[o] += d * d;
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
