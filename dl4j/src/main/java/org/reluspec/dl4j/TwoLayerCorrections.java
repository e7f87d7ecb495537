package org.reluspec.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** normalize on the two-layer student: its hidden weight vectors rescaled to unit norm after each step. */
final class TwoLayerCorrections implements StepCorrections {
    private static final long serialVersionUID = 1L;
    private final boolean normalize;

    TwoLayerCorrections(boolean normalize) {
        this.normalize = normalize;
    }

    @Override
    public INDArray[] before(MultiLayerNetwork net) {
        return null;
    }

    @Override
    public void after(MultiLayerNetwork net, INDArray[] before, int m) {
        if (normalize) {
            INDArray w1 = net.getLayer(0).getParam("W");
            w1.diviRowVector(w1.norm2(0));
        }
    }
}
