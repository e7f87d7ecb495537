package org.reluspec.jobs.multilayer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.linalg.Parallel;

/**
 * The reference's multi-layer model: hidden blocks of the given widths, then a Linear output
 * layer. Teacher and student are both Networks; all buffers are allocated here, once, for
 * {@code capacity} rows, so forward and backward never allocate.
 */
final class Network {
    /** How batch normalization runs in a forward pass. */
    enum Mode {
        /** Batch statistics, running statistics updated: a training step. */
        TRAIN,
        /** Batch statistics, model unchanged: gradient read-outs. */
        TRAIN_FROZEN,
        /** Running statistics: model.eval(). */
        EVAL
    }

    final int inputDim;
    final List<HiddenLayer> hidden;
    final Linear output;
    final Matrix y;
    final int capacity;
    private final List<Trainable> params;

    /** A network whose products run on the calling thread. */
    Network(boolean floatPrecision, int inputDim, int[] widths, int outputDim, boolean hasBias,
            boolean bn, boolean bnAffine, boolean bnBeforeAct, double slope, int capacity) {
        this(floatPrecision, inputDim, widths, outputDim, hasBias, bn, bnAffine, bnBeforeAct, slope, capacity,
                new Parallel(1));
    }

    /** A network whose products are split between the run's threads {@code par}. */
    Network(boolean floatPrecision, int inputDim, int[] widths, int outputDim, boolean hasBias,
            boolean bn, boolean bnAffine, boolean bnBeforeAct, double slope, int capacity, Parallel par) {
        this.inputDim = inputDim;
        this.capacity = capacity;
        List<HiddenLayer> layers = new ArrayList<>();
        int in = inputDim;
        for (int w : widths) {
            layers.add(new HiddenLayer(floatPrecision, in, w, hasBias, bn, bnAffine, bnBeforeAct, slope,
                    capacity, par));
            in = w;
        }
        hidden = Collections.unmodifiableList(layers);
        output = new Linear(floatPrecision, in, outputDim, hasBias, par);
        y = Matrix.create(floatPrecision, capacity, outputDim);
        List<Trainable> ps = new ArrayList<>();
        for (HiddenLayer h : hidden) {
            h.addParams(ps);
        }
        output.addParams(ps);
        params = Collections.unmodifiableList(ps);
    }

    int depth() {
        return hidden.size();
    }

    /** The linear layers, lowest first, the output layer last. */
    Linear linear(int l) {
        return l < hidden.size() ? hidden.get(l).linear : output;
    }

    int linearCount() {
        return hidden.size() + 1;
    }

    /** Every trainable tensor, in a fixed order (the optimizer's state follows it). */
    List<Trainable> params() {
        return params;
    }

    /** y[0..m) from x[0..m); every hidden layer's {@code out} holds its activation hs[l]. */
    Matrix forward(Matrix x, int m, Mode mode) {
        Matrix in = x;
        boolean batchStats = mode != Mode.EVAL;
        boolean update = mode == Mode.TRAIN;
        for (int l = 0; l < hidden.size(); l++) { // indexed: no iterator in the step loop
            HiddenLayer h = hidden.get(l);
            h.forward(in, m, batchStats, update);
            in = h.out;
        }
        output.forward(in, y, m);
        return y;
    }

    /** The input of linear layer {@code l} on x[0..m) in evaluation mode: x itself, or hidden layer l-1's activation. */
    Matrix forwardHidden(Matrix x, int m, int l) {
        Matrix in = x;
        for (int h = 0; h < l; h++) {
            hidden.get(h).forward(in, m, false, false);
            in = hidden.get(h).out;
        }
        return in;
    }

    /**
     * Gradients of every parameter from dy = dLoss/dy, after a forward pass on the same x in the
     * same mode. The lowest layer's dLoss/d(linear output) stays in {@code hidden.get(0).dPre}.
     */
    void backward(Matrix x, Matrix dy, int m) {
        int depth = hidden.size();
        Matrix top = depth == 0 ? x : hidden.get(depth - 1).out;
        output.backward(top, dy, depth == 0 ? null : hidden.get(depth - 1).dOut, m);
        for (int l = depth - 1; l >= 0; l--) {
            HiddenLayer h = hidden.get(l);
            Matrix in = l == 0 ? x : hidden.get(l - 1).out;
            h.backward(in, l == 0 ? null : hidden.get(l - 1).dOut, m);
        }
    }

    /** Row-normalizes every linear layer, as the reference's normalize option. */
    void normalizeRows() {
        for (int l = 0; l < linearCount(); l++) {
            linear(l).normalizeRows();
        }
    }

    boolean allFinite() {
        for (Trainable p : params) {
            if (!p.value().allFinite()) {
                return false;
            }
        }
        return true;
    }

    /** Copies parameters and BN running statistics from a network of the same shape (any precision). */
    void copyFrom(Network src) {
        for (int i = 0; i < params.size(); i++) {
            Matrix to = params.get(i).value();
            Matrix from = src.params.get(i).value();
            for (int r = 0; r < to.rows(); r++) {
                for (int c = 0; c < to.cols(); c++) {
                    to.set(r, c, from.get(r, c));
                }
            }
        }
        for (int l = 0; l < hidden.size(); l++) {
            BatchNorm bn = hidden.get(l).bn;
            if (bn != null) {
                System.arraycopy(src.hidden.get(l).bn.runningMean, 0, bn.runningMean, 0, bn.n);
                System.arraycopy(src.hidden.get(l).bn.runningVar, 0, bn.runningVar, 0, bn.n);
            }
        }
    }

    /** Parameters and BN running statistics in plain arrays, lowest layer first, the output layer last. */
    List<LayerWeights> weights() {
        List<LayerWeights> out = new ArrayList<>();
        for (int l = 0; l < linearCount(); l++) {
            Linear lin = linear(l);
            BatchNorm bn = l < hidden.size() ? hidden.get(l).bn : null;
            out.add(new LayerWeights(lin.in, lin.out, toArray(lin.weight), lin.bias == null ? null : toArray(lin.bias),
                    bn == null || !bn.affine ? null : toArray(bn.gamma),
                    bn == null || !bn.affine ? null : toArray(bn.beta),
                    bn == null ? null : bn.runningMean.clone(), bn == null ? null : bn.runningVar.clone()));
        }
        return out;
    }

    /** Sets parameters and BN running statistics from {@code layers} (same shapes and options). */
    void load(List<LayerWeights> layers) {
        if (layers.size() != linearCount()) {
            throw new IllegalArgumentException(layers.size() + " layers for a network of " + linearCount());
        }
        for (int l = 0; l < linearCount(); l++) {
            LayerWeights w = layers.get(l);
            Linear lin = linear(l);
            if (w.in() != lin.in || w.out() != lin.out) {
                throw new IllegalArgumentException("layer " + l + " is " + w.out() + "x" + w.in()
                        + ", expected " + lin.out + "x" + lin.in);
            }
            fromArray(lin.weight, w.weight());
            if (lin.bias != null) {
                fromArray(lin.bias, w.bias());
            }
            BatchNorm bn = l < hidden.size() ? hidden.get(l).bn : null;
            if (bn != null) {
                if (bn.affine) {
                    fromArray(bn.gamma, w.gamma());
                    fromArray(bn.beta, w.beta());
                }
                System.arraycopy(w.runningMean(), 0, bn.runningMean, 0, bn.n);
                System.arraycopy(w.runningVar(), 0, bn.runningVar, 0, bn.n);
            }
        }
    }

    private static double[] toArray(Matrix m) {
        double[] a = new double[m.rows() * m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                a[r * m.cols() + c] = m.get(r, c);
            }
        }
        return a;
    }

    private static void fromArray(Matrix m, double[] a) {
        if (a.length != m.rows() * m.cols()) {
            throw new IllegalArgumentException(a.length + " values for a " + m.rows() + "x" + m.cols() + " tensor");
        }
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                m.set(r, c, a[r * m.cols() + c]);
            }
        }
    }
}
