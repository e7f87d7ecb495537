package org.reluspec.jobs.twolayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reluspec.jobs.Specs;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.LayerFinal;
import org.reluspec.jobs.run.RunResult;

/**
 * The end-of-run read-outs recomputed from the final weights with plain loops and textbook
 * formulas (two-pass Pearson correlation, explicit outer products, arccos of cosines).
 */
class TwoLayerReadoutTest {
    private static final RunSpec SPEC = Specs.of("d", 5, "m", 3, "multi", 2, "c", 4,
            "N_train", 60, "N_eval", 50, "num_epoch", 2, "num_iter_per_epoch", 40, "batchsize", 4,
            "use_sgd", true, "lr", 0.05, "student_scale", 0.3);

    static double[][] hidden(TwoLayerNet net, Matrix x) {
        double[][] h = new double[x.rows()][net.hidden];
        for (int r = 0; r < x.rows(); r++) {
            for (int j = 0; j < net.hidden; j++) {
                double z = 0;
                for (int k = 0; k <= net.inputs; k++) {
                    z += x.get(r, k) * net.w1.get(k, j);
                }
                h[r][j] = Math.max(0, z);
            }
        }
        return h;
    }

    static double[] output(TwoLayerNet net, double[] h) {
        double[] y = new double[net.outputs];
        for (int o = 0; o < net.outputs; o++) {
            y[o] = net.w2.get(net.hidden, o);
            for (int j = 0; j < net.hidden; j++) {
                y[o] += h[j] * net.w2.get(j, o);
            }
        }
        return y;
    }

    private static double pearson(double[][] a, int i, double[][] b, int j) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int r = 0; r < n; r++) {
            ma += a[r][i] / n;
            mb += b[r][j] / n;
        }
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int r = 0; r < n; r++) {
            cov += (a[r][i] - ma) * (b[r][j] - mb);
            va += (a[r][i] - ma) * (a[r][i] - ma);
            vb += (b[r][j] - mb) * (b[r][j] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }

    @Test
    void finalReadoutsMatchADirectComputationFromTheWeights() {
        TwoLayerRun run = new TwoLayerRun(SPEC);
        RunResult result = run.train(EpochListener.NONE, System.nanoTime());
        EpochReadout last = result.last();
        LayerFinal layer = result.layers().get(0);
        TwoLayerNet t = run.teacher;
        TwoLayerNet s = run.student;

        double[][] tEval = hidden(t, run.xEval);
        double[][] sEval = hidden(s, run.xEval);
        double[][] tTrain = hidden(t, run.xTrain);
        double[][] sTrain = hidden(s, run.xTrain);
        for (int i = 0; i < 3; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 6; j++) {
                double c = pearson(tEval, i, sEval, j);
                assertEquals(c, layer.corrEval()[i][j], 1e-9, "eval corr " + i + "," + j);
                assertEquals(pearson(tTrain, i, sTrain, j), layer.corrTrain()[i][j], 1e-9);
                best = Math.max(best, c);
            }
            assertEquals(best, last.layers().get(0).bestCorrEval()[i], 1e-9);
        }

        // Losses: mean over samples and outputs of the squared error.
        double sq = 0;
        for (int r = 0; r < run.xEval.rows(); r++) {
            double[] yt = output(t, tEval[r]);
            double[] ys = output(s, sEval[r]);
            for (int o = 0; o < 4; o++) {
                sq += (yt[o] - ys[o]) * (yt[o] - ys[o]);
            }
        }
        assertEquals(sq / (50 * 4), last.evalLoss(), 1e-12 * Math.max(1, last.evalLoss()));

        // Full-batch gradient of the hidden layer and the largest per-sample gradient, from
        // explicit outer products x_b g1_b.
        double[][] full = new double[6][7];
        double maxSample = 0;
        for (int r = 0; r < run.xTrain.rows(); r++) {
            double[] yt = output(t, tTrain[r]);
            double[] ys = output(s, sTrain[r]);
            double[][] per = new double[6][7];
            double perSq = 0;
            for (int j = 0; j < 6; j++) {
                if (sTrain[r][j] <= 0) {
                    continue;
                }
                double g = 0;
                for (int o = 0; o < 4; o++) {
                    g += (yt[o] - ys[o]) * s.w2.get(j, o);
                }
                for (int k = 0; k <= 5; k++) {
                    per[j][k] = g * run.xTrain.get(r, k);
                    full[j][k] += per[j][k];
                    perSq += per[j][k] * per[j][k];
                }
            }
            maxSample = Math.max(maxSample, Math.sqrt(perSq));
        }
        double fullSq = 0;
        for (double[] row : full) {
            for (double v : row) {
                fullSq += v * v;
            }
        }
        assertEquals(Math.sqrt(fullSq) / 60, last.gradNorms()[0], 1e-12);
        assertEquals(maxSample, last.maxSampleGradNorm(), 1e-12 * maxSample);

        // Angles between augmented weight vectors, and fan-out norms.
        for (int i = 0; i < 3; i++) {
            double best = Math.PI;
            for (int j = 0; j < 6; j++) {
                double dot = 0;
                double nt = 0;
                double ns = 0;
                for (int k = 0; k <= 5; k++) {
                    dot += t.w1.get(k, i) * s.w1.get(k, j);
                    nt += t.w1.get(k, i) * t.w1.get(k, i);
                    ns += s.w1.get(k, j) * s.w1.get(k, j);
                }
                best = Math.min(best, Math.acos(dot / Math.sqrt(nt * ns)));
            }
            assertEquals(best, layer.bestAngle()[i], 1e-9);
            double fan = 0;
            for (int o = 0; o < 4; o++) {
                fan += t.w2.get(i, o) * t.w2.get(i, o);
            }
            assertEquals(Math.sqrt(fan), layer.teacherFanout()[i], 1e-12);
        }
        assertTrue(result.steps() == 80);
    }
}
