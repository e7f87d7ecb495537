package org.reluspec.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A student built as a Deeplearning4j network, as engine=dl4j trains it step by step and
 * engine=dl4j-spark through a training master ({@link Dl4jSparkSteps}).
 *
 * @param <W> the experiment's weights, in the native engine's layout
 */
interface Dl4jStudent<W> {
    /** The network the steps train. */
    MultiLayerNetwork network();

    /** The corrections each step applies around DL4J's fit. */
    StepCorrections corrections();

    /** Sets the rate of the steps that follow. */
    void rate(double rate);

    /** The student as it is now. */
    W weights();
}
