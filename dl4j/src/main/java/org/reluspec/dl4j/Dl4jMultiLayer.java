package org.reluspec.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.multilayer.LayerWeights;
import org.reluspec.jobs.multilayer.MultiLayerSettings;
import org.reluspec.jobs.multilayer.MultiLayerSteps;
import org.reluspec.jobs.params.RunSpec;

/**
 * The multi-layer student as a Deeplearning4j MultiLayerNetwork. Each hidden block is
 * Dense(identity) -> BatchNormalization -> Activation (bn_before_relu), Dense(act) ->
 * BatchNormalization (bn), or Dense(act); then Output(identity) with LossMSE, which is
 * nn.MSELoss (mean over outputs, averaged over the batch by DL4J). BN as PyTorch's BatchNorm1d:
 * eps 1e-5, decay 0.9 (momentum 0.1), scale and shift locked to 1 and 0 unless bn_affine.
 * SGD is {@link TorchSgd} (PyTorch's momentum), weight decay DL4J's L2 on weights and biases.
 *
 * <p>One correction on top of DL4J: its BN moves the running variance towards the batch's
 * biased variance, PyTorch (and the native engine) towards the unbiased one. After each step the
 * engine rescales that move by m / (m - 1), so that the running statistics, and every read-out in
 * evaluation mode, are the reference's.
 */
final class Dl4jMultiLayer implements MultiLayerSteps, Dl4jStudent<List<LayerWeights>> {
    private final MultiLayerNetwork net;
    private final DataType type;
    private final int depth;
    private final boolean hasBias;
    private final boolean bnAffine;
    private final double weightDecay;
    /** DL4J layer index of hidden layer l's Dense and BN layers (-1: none); the output layer is last. */
    private final int[] dense;
    private final int[] bn;
    private final int output;
    private final StepCorrections corrections;
    private final double[] xRow;
    private double lr;

    Dl4jMultiLayer(RunSpec spec, List<LayerWeights> initial) {
        this(MultiLayerSettings.of(spec), initial);
    }

    Dl4jMultiLayer(MultiLayerSettings settings, List<LayerWeights> initial) {
        Nd4jRuntime.configure();
        this.type = Nd4jRuntime.dataType(settings.floatPrecision());
        this.depth = initial.size() - 1;
        MultiLayerSettings.Blocks blocks = settings.student();
        this.hasBias = blocks.biases();
        boolean useBn = blocks.batchNorm();
        this.bnAffine = blocks.batchNormAffine();
        boolean bnBeforeAct = blocks.batchNormBeforeRelu();
        MultiLayerSettings.OptimizerSettings optimizer = settings.optimizer();
        this.weightDecay = optimizer.weightDecay();
        double slope = blocks.slope();
        this.lr = settings.schedule().rates().rateAt(0);
        IUpdater updater = optimizer.adam()
                ? new Adam(lr, 0.9, 0.999, 1e-8)
                : new TorchSgd(lr, optimizer.momentum());

        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .dataType(type)
                .weightInit(WeightInit.ZERO)
                .updater(updater);
        if (weightDecay != 0) {
            base.l2(weightDecay).l2Bias(weightDecay);
        }
        NeuralNetConfiguration.ListBuilder list = base.list();
        dense = new int[depth];
        bn = new int[depth];
        int index = 0;
        for (int l = 0; l < depth; l++) {
            LayerWeights w = initial.get(l);
            IActivation act = slope == 0 ? new ActivationReLU() : new ExactLeakyRelu(slope);
            dense[l] = index++;
            bn[l] = -1;
            if (!useBn) {
                list.layer(dense(w, act));
            } else if (bnBeforeAct) {
                list.layer(dense(w, new ActivationIdentity()));
                bn[l] = index++;
                list.layer(batchNorm(w.out()));
                index++;
                list.layer(new ActivationLayer.Builder().activation(act).build());
            } else {
                list.layer(dense(w, act));
                bn[l] = index++;
                list.layer(batchNorm(w.out()));
            }
        }
        LayerWeights top = initial.get(depth);
        output = index;
        list.layer(new OutputLayer.Builder(new LossMSE()).nIn(top.in()).nOut(top.out())
                .activation(new ActivationIdentity()).hasBias(hasBias).build());
        MultiLayerConfiguration conf = list.build();
        net = new MultiLayerNetwork(conf);
        net.init();
        load(initial);
        corrections = new MultiLayerCorrections(dense, bn, output, settings.normalize(), hasBias);
        xRow = new double[top.in() == 0 ? 1 : initial.get(0).in()];
    }

    private DenseLayer dense(LayerWeights w, IActivation act) {
        return new DenseLayer.Builder().nIn(w.in()).nOut(w.out()).activation(act).hasBias(hasBias).build();
    }

    private BatchNormalization batchNorm(int width) {
        return new BatchNormalization.Builder().nOut(width).eps(1e-5).decay(1 - MultiLayerCorrections.BN_MOMENTUM)
                .lockGammaBeta(!bnAffine).gamma(1.0).beta(0.0).useLogStd(false).build();
    }

    private void load(List<LayerWeights> layers) {
        for (int l = 0; l <= depth; l++) {
            LayerWeights w = layers.get(l);
            int li = l < depth ? dense[l] : output;
            // Native weights are out x in (PyTorch); DL4J's W is in x out.
            net.getLayer(li).getParam("W").assign(Nd4jRuntime.array(w.weight(), w.out(), w.in(), type).transpose());
            if (hasBias) {
                net.getLayer(li).getParam("b").assign(Nd4jRuntime.array(w.bias(), 1, w.out(), type));
            }
            if (l < depth && bn[l] >= 0) {
                if (bnAffine) {
                    net.getLayer(bn[l]).getParam("gamma").assign(Nd4jRuntime.array(w.gamma(), 1, w.out(), type));
                    net.getLayer(bn[l]).getParam("beta").assign(Nd4jRuntime.array(w.beta(), 1, w.out(), type));
                }
                net.getLayer(bn[l]).getParam("mean").assign(Nd4jRuntime.array(w.runningMean(), 1, w.out(), type));
                net.getLayer(bn[l]).getParam("var").assign(Nd4jRuntime.array(w.runningVar(), 1, w.out(), type));
            }
        }
    }

    @Override
    public double step(Matrix x, Matrix target, int m, double rate) {
        rate(rate);
        INDArray features = Nd4jRuntime.head(x, m, xRow, type);
        INDArray labels = Nd4jRuntime.head(target, m, new double[target.cols()], type);
        INDArray[] varBefore = corrections.before(net);
        double regularization = weightDecay == 0 ? 0 : net.calcRegularizationScore(true);
        net.fit(features, labels);
        corrections.after(net, varBefore, m);
        return net.score() - regularization;
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
    public List<LayerWeights> weights() {
        List<LayerWeights> out = new ArrayList<>();
        for (int l = 0; l <= depth; l++) {
            int li = l < depth ? dense[l] : output;
            INDArray w = net.getLayer(li).getParam("W");
            int in = (int) w.size(0);
            int outDim = (int) w.size(1);
            double[] weight = Nd4jRuntime.rowMajor(w.transpose());
            double[] bias = hasBias ? Nd4jRuntime.rowMajor(net.getLayer(li).getParam("b")) : null;
            double[] gamma = null;
            double[] beta = null;
            double[] mean = null;
            double[] var = null;
            if (l < depth && bn[l] >= 0) {
                if (bnAffine) {
                    gamma = Nd4jRuntime.rowMajor(net.getLayer(bn[l]).getParam("gamma"));
                    beta = Nd4jRuntime.rowMajor(net.getLayer(bn[l]).getParam("beta"));
                }
                mean = Nd4jRuntime.rowMajor(net.getLayer(bn[l]).getParam("mean"));
                var = Nd4jRuntime.rowMajor(net.getLayer(bn[l]).getParam("var"));
            }
            out.add(new LayerWeights(in, outDim, weight, bias, gamma, beta, mean, var));
        }
        return out;
    }
}
