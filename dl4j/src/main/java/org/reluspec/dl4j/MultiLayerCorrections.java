package org.reluspec.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the multi-layer engine does around each Deeplearning4j fit so that a step is the
 * reference's: BN's running variance moved by the unbiased batch variance (DL4J moves it by the
 * biased one), then normalize.
 */
final class MultiLayerCorrections implements StepCorrections {
    private static final long serialVersionUID = 1L;
    static final double BN_MOMENTUM = 0.1;

    private final int depth;
    /** DL4J layer index of hidden layer l's Dense and BN layers (-1: none); the output layer is last. */
    private final int[] dense;
    private final int[] bn;
    private final int output;
    private final boolean normalize;
    private final boolean hasBias;

    MultiLayerCorrections(int[] dense, int[] bn, int output, boolean normalize, boolean hasBias) {
        this.depth = dense.length;
        this.dense = dense.clone();
        this.bn = bn.clone();
        this.output = output;
        this.normalize = normalize;
        this.hasBias = hasBias;
    }

    /** The BN running variances before a step (null where a layer has no BN). */
    @Override
    public INDArray[] before(MultiLayerNetwork net) {
        INDArray[] varBefore = new INDArray[depth];
        for (int l = 0; l < depth; l++) {
            if (bn[l] >= 0) {
                varBefore[l] = net.getLayer(bn[l]).getParam("var").dup();
            }
        }
        return varBefore;
    }

    @Override
    public void after(MultiLayerNetwork net, INDArray[] varBefore, int m) {
        for (int l = 0; l < depth; l++) {
            if (bn[l] >= 0 && m > 1) {
                // DL4J: var' = 0.9 var + 0.1 biasedVar; PyTorch: 0.9 var + 0.1 biasedVar m / (m - 1).
                INDArray var = net.getLayer(bn[l]).getParam("var");
                INDArray move = var.sub(varBefore[l].muli(1 - BN_MOMENTUM));
                var.addi(move.divi(m - 1));
            }
        }
        if (normalize) {
            for (int l = 0; l <= depth; l++) {
                int li = l < depth ? dense[l] : output;
                INDArray w = net.getLayer(li).getParam("W");
                INDArray norm = w.norm2(0).addi(1e-5);
                w.diviRowVector(norm);
                if (hasBias) {
                    net.getLayer(li).getParam("b").diviRowVector(norm);
                }
            }
        }
    }
}
