package org.reluspec.jobs.twolayer;

/**
 * A two-layer student in the plain layout of dense-layer libraries, row-major: hidden weights
 * {@code w1} (d x n, entry [k * n + j] from input k to hidden node j), hidden biases {@code b1} (n),
 * output weights {@code w2} (n x c, entry [j * c + o]) and output biases {@code b2} (c).
 */
public record TwoLayerWeights(int d, int n, int c, double[] w1, double[] b1, double[] w2, double[] b2) {
}
