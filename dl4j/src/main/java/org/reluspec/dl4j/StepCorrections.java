package org.reluspec.dl4j;

import java.io.Serializable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an engine does around each Deeplearning4j fit so that a step is the reference's.
 * Serializable: Spark workers apply it too, as a training hook ({@link CorrectionsHook}).
 */
interface StepCorrections extends Serializable {
    /** What the correction needs from before the step (null: nothing). */
    INDArray[] before(MultiLayerNetwork net);

    /** After a step on {@code m} rows, given {@link #before}'s arrays. */
    void after(MultiLayerNetwork net, INDArray[] before, int m);
}
