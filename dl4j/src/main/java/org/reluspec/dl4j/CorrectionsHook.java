package org.reluspec.dl4j;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** {@link StepCorrections} around every step a Spark worker takes. */
final class CorrectionsHook implements TrainingHook {
    private static final long serialVersionUID = 1L;
    private final StepCorrections corrections;
    private transient INDArray[] varBefore;

    CorrectionsHook(StepCorrections corrections) {
        this.corrections = corrections;
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        varBefore = corrections.before((MultiLayerNetwork) model);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        corrections.after((MultiLayerNetwork) model, varBefore, minibatch.numExamples());
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        throw new UnsupportedOperationException("the students are MultiLayerNetworks");
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        throw new UnsupportedOperationException("the students are MultiLayerNetworks");
    }
}
