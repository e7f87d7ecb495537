package org.reluspec.jobs.twolayer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.reluspec.jobs.data.Inputs;
import org.reluspec.jobs.linalg.Matrix;

/**
 * One SGD step of a tiny network, worked out on paper.
 *
 * <p>d=2, two hidden nodes, one output. w1 = [[1, -1], [2, 1]], hidden biases [0.5, -1];
 * w2 = [[2], [-1]], output bias 0.25. Input x = (1, 1), target 3.
 * Pre-activations: node 0: 1 + 2 + 0.5 = 3.5; node 1: -1 + 1 - 1 = -1 -> ReLU 0.
 * Output: 2 * 3.5 + 0.25 = 7.25; g2 = target - output = -4.25.
 * dW2 = h^T g2: node 0: 3.5 * -4.25 = -14.875; node 1: 0; bias: -4.25.
 * g1 = g2 * w2^T masked: node 0: -8.5; node 1: 0 (inactive).
 * dW1 = x^T g1: rows x1, x2, bias: -8.5 each in column 0, 0 in column 1.
 * With lr = 0.1 and batch 1: w1[.,0] = (1 - 0.85, 2 - 0.85), b0 = 0.5 - 0.85;
 * w2 = (2 - 1.4875, -1), output bias 0.25 - 0.425.
 */
class TwoLayerHandComputedTest {

    @Test
    void oneStepOfATinyNetworkMatchesTheHandComputation() {
        TwoLayerNet net = new TwoLayerNet(2, 2, 1, true, false);
        net.w1.set(0, 0, 1);
        net.w1.set(0, 1, -1);
        net.w1.set(1, 0, 2);
        net.w1.set(1, 1, 1);
        net.w1.set(2, 0, 0.5);
        net.w1.set(2, 1, -1);
        net.w2.set(0, 0, 2);
        net.w2.set(1, 0, -1);
        net.w2.set(2, 0, 0.25);

        Matrix x = Inputs.of(new double[][] {{1, 1}}, false);
        Matrix target = Matrix.create(false, 1, 1);
        target.set(0, 0, 3);
        Matrix h = Matrix.create(false, 1, 3);
        Matrix y = Matrix.create(false, 1, 1);
        net.forward(x, 1, h, y);
        assertEquals(3.5, h.get(0, 0));
        assertEquals(0.0, h.get(0, 1));
        assertEquals(1.0, h.get(0, 2));
        assertEquals(7.25, y.get(0, 0));

        TwoLayerTrainer trainer = new TwoLayerTrainer(net, 1, false);
        trainer.fullBatchStep(x, target, 0.1, new TwoLayerTrainer.Options(true, true, false, false));
        assertEquals(1 - 0.85, net.w1.get(0, 0), 1e-15);
        assertEquals(2 - 0.85, net.w1.get(1, 0), 1e-15);
        assertEquals(0.5 - 0.85, net.w1.get(2, 0), 1e-15);
        assertEquals(-1.0, net.w1.get(0, 1));
        assertEquals(1.0, net.w1.get(1, 1));
        assertEquals(-1.0, net.w1.get(2, 1));
        assertEquals(2 - 1.4875, net.w2.get(0, 0), 1e-15);
        assertEquals(-1.0, net.w2.get(1, 0));
        assertEquals(0.25 - 0.425, net.w2.get(2, 0), 1e-15);
        // The constant unit stays a constant.
        assertEquals(1.0, net.w1.get(2, 2));
        assertEquals(0.0, net.w1.get(0, 2));
    }

    @Test
    void frozenLayersNoBiasAndNormalizeDoWhatTheReferenceDoes() {
        TwoLayerNet net = new TwoLayerNet(2, 2, 1, true, false);
        net.w1.set(0, 0, 3);
        net.w1.set(1, 0, 4);
        net.w1.set(2, 0, 0.5);
        net.w1.set(0, 1, 1);
        net.w2.set(0, 0, 2);
        net.w2.set(2, 0, 0.25);
        Matrix x = Inputs.of(new double[][] {{0, 0}}, false);
        Matrix target = Matrix.create(false, 1, 1);
        TwoLayerTrainer trainer = new TwoLayerTrainer(net, 1, false);
        // Hidden layer frozen, normalize on: the hidden weights (3, 4) do not move or rescale.
        trainer.fullBatchStep(x, target, 0.1, new TwoLayerTrainer.Options(false, true, true, true));
        assertEquals(3.0, net.w1.get(0, 0));
        assertEquals(4.0, net.w1.get(1, 0));
        // no_bias zeroes both bias rows after the step.
        assertEquals(0.0, net.w1.get(2, 0));
        assertEquals(0.0, net.w2.get(2, 0));
        // normalize scales (3, 4) to (0.6, 0.8) and leaves the bias alone.
        net.w1.set(2, 0, 0.5);
        net.normalizeHiddenWeights();
        assertEquals(0.6, net.w1.get(0, 0), 1e-15);
        assertEquals(0.8, net.w1.get(1, 0), 1e-15);
        assertEquals(0.5, net.w1.get(2, 0));
    }
}
