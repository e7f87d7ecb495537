package org.reluspec.jobs.multilayer;

/**
 * One linear layer of a multi-layer student and its batch normalization, in plain arrays:
 * {@code weight} is out x in row-major (PyTorch's layout, entry [r * in + c]); {@code bias} is
 * null without biases; {@code gamma}, {@code beta} are null without BN affine parameters;
 * {@code runningMean}, {@code runningVar} are null without BN (and for the output layer).
 */
public record LayerWeights(int in, int out, double[] weight, double[] bias, double[] gamma, double[] beta,
                           double[] runningMean, double[] runningVar) {
}
