package org.reluspec.dl4j;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.twolayer.TwoLayerSettings;
import org.reluspec.jobs.twolayer.TwoLayerSteps;
import org.reluspec.jobs.twolayer.TwoLayerWeights;

/**
 * The two-layer student as a Deeplearning4j MultiLayerNetwork: Dense(d -> n, ReLU or identity)
 * then Output(n -> c, identity), biases unless no_bias. The loss is the reference's
 * 0.5 ||y_t - y_s||^2 summed over outputs (LossL2 with weights 0.5), which DL4J averages over the
 * batch; plain SGD (TorchSgd without momentum); frozen layers get the NoOp updater; normalize
 * rescales the hidden weight vectors after each step, as the native engine does.
 */
final class Dl4jTwoLayer implements TwoLayerSteps, Dl4jStudent<TwoLayerWeights> {
    private final MultiLayerNetwork net;
    private final DataType type;
    private final int d;
    private final int n;
    private final int c;
    private final boolean hasBias;
    private final StepCorrections corrections;
    private final double[] xRow;
    private final double[] yRow;
    private double lr = Double.NaN;

    Dl4jTwoLayer(RunSpec spec, TwoLayerWeights initial) {
        this(TwoLayerSettings.of(spec), initial);
    }

    Dl4jTwoLayer(TwoLayerSettings settings, TwoLayerWeights initial) {
        Nd4jRuntime.configure();
        this.type = Nd4jRuntime.dataType(settings.floatPrecision());
        this.d = initial.d();
        this.n = initial.n();
        this.c = initial.c();
        this.hasBias = settings.biases();
        boolean trainHidden = settings.student().trainHidden();
        this.corrections = new TwoLayerCorrections(settings.student().normalize() && trainHidden);
        Activation act = settings.relu() ? Activation.RELU : Activation.IDENTITY;
        double rate = settings.schedule().rates().initialRate();
        IUpdater sgd = new TorchSgd(rate, 0);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(type)
                .weightInit(WeightInit.ZERO)
                .list()
                .layer(new DenseLayer.Builder().nIn(d).nOut(n).activation(act).hasBias(hasBias)
                        .updater(trainHidden ? sgd : new NoOp()).build())
                .layer(new OutputLayer.Builder(new LossL2(Nd4j.valueArrayOf(new long[] {1, c}, 0.5, type)))
                        .nIn(n).nOut(c).activation(Activation.IDENTITY).hasBias(hasBias)
                        .updater(settings.student().trainOutput() ? sgd.clone() : new NoOp()).build())
                .build();
        net = new MultiLayerNetwork(conf);
        net.init();
        lr = rate;
        load(initial);
        xRow = new double[d + 1];
        yRow = new double[c];
    }

    private void load(TwoLayerWeights w) {
        net.getLayer(0).getParam("W").assign(Nd4jRuntime.array(w.w1(), d, n, type));
        net.getLayer(1).getParam("W").assign(Nd4jRuntime.array(w.w2(), n, c, type));
        if (hasBias) {
            net.getLayer(0).getParam("b").assign(Nd4jRuntime.array(w.b1(), 1, n, type));
            net.getLayer(1).getParam("b").assign(Nd4jRuntime.array(w.b2(), 1, c, type));
        }
    }

    @Override
    public double step(Matrix xTrain, Matrix yTrain, int[] rows, int count, double rate) {
        rate(rate);
        INDArray x = Nd4jRuntime.gather(xTrain, rows, count, d, xRow, type);
        INDArray y = Nd4jRuntime.gather(yTrain, rows, count, c, yRow, type);
        INDArray[] before = corrections.before(net);
        net.fit(x, y);
        corrections.after(net, before, count);
        return net.score();
    }

    @Override
    public MultiLayerNetwork network() {
        return net;
    }

    @Override
    public StepCorrections corrections() {
        return corrections;
    }

    @Override
    public void rate(double rate) {
        if (rate != lr) {
            net.setLearningRate(rate);
            lr = rate;
        }
    }

    @Override
    public TwoLayerWeights weights() {
        double[] b1 = new double[n];
        double[] b2 = new double[c];
        if (hasBias) {
            b1 = Nd4jRuntime.rowMajor(net.getLayer(0).getParam("b"));
            b2 = Nd4jRuntime.rowMajor(net.getLayer(1).getParam("b"));
        }
        return new TwoLayerWeights(d, n, c, Nd4jRuntime.rowMajor(net.getLayer(0).getParam("W")), b1,
                Nd4jRuntime.rowMajor(net.getLayer(1).getParam("W")), b2);
    }
}
