package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.data.Inputs;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.rng.Rng;

/**
 * The theory-suggested training set of the sample-complexity theorem. For each teacher node i,
 * ceil(N / 3m) Gaussian points in homogeneous coordinates are projected onto the node's
 * hyperplane {z : z . (w_i, b_i) = 0} and mapped back (divided by their last coordinate); each
 * point x gives three samples x, x + alpha w_i and x - alpha w_i with alpha ~ U[mean, mean + sigma].
 * Finally every sample is rescaled to norm data_std * sqrt(d).
 */
final class TheoryDataset {
    private TheoryDataset() {
    }

    static Matrix build(Rng rng, TwoLayerNet teacher, int nTrain, double std, double mean,
                        double sigma, boolean floatPrecision) {
        int d = teacher.inputs;
        int m = teacher.hidden;
        int perNode = (nTrain + 3 * m - 1) / (3 * m);
        double[][] xs = new double[3 * m * perNode][];
        int next = 0;
        double[] z = new double[d + 1];
        for (int i = 0; i < m; i++) {
            double[] w = teacher.augmentedWeights(i);
            double ww = dot(w, w);
            double[][] base = new double[perNode][];
            for (int r = 0; r < perNode; r++) {
                for (int k = 0; k < d; k++) {
                    z[k] = rng.nextGaussian() * std;
                }
                z[d] = 1.0;
                double along = dot(z, w) / ww;
                double[] x = new double[d];
                double last = z[d] - along * w[d];
                for (int k = 0; k < d; k++) {
                    x[k] = (z[k] - along * w[k]) / last;
                }
                base[r] = x;
            }
            double[] alpha = new double[perNode];
            for (int r = 0; r < perNode; r++) {
                alpha[r] = rng.nextDouble() * sigma + mean;
            }
            for (int r = 0; r < perNode; r++) {
                xs[next++] = base[r];
            }
            for (int sign = 1; sign >= -1; sign -= 2) {
                for (int r = 0; r < perNode; r++) {
                    double[] x = base[r].clone();
                    for (int k = 0; k < d; k++) {
                        x[k] += sign * alpha[r] * w[k];
                    }
                    xs[next++] = x;
                }
            }
        }
        double target = std * Math.sqrt(d);
        for (double[] x : xs) {
            double scale = target / Math.sqrt(dot(x, x));
            for (int k = 0; k < d; k++) {
                x[k] *= scale;
            }
        }
        return Inputs.of(xs, floatPrecision);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
