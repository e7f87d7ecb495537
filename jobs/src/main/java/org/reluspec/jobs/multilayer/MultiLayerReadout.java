package org.reluspec.jobs.multilayer;

import java.util.ArrayList;
import java.util.List;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.linalg.Parallel;
import org.reluspec.jobs.metrics.Angles;
import org.reluspec.jobs.metrics.CorrelationAccumulator;
import org.reluspec.jobs.metrics.FirstEpochs;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;
import org.reluspec.jobs.run.BestMatch;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.LayerEpoch;
import org.reluspec.jobs.run.LayerFinal;

/**
 * The read-outs of a multi-layer run: the evaluation set, the teacher (in double) with its
 * activations on it, and a double copy of the student taken at each read-out.
 *
 * <p>Read-out choices (the reference leaves them open):
 * <ul>
 * <li>"Training data" read-outs (train loss, train correlations, gradient norms; with
 * readout_train=true, the default) use the first
 * min(random_dataset_size, N_eval) samples of the current training set, so that they cost no
 * more than the evaluation read-outs even with the default 2,000,000 samples.</li>
 * <li>Losses and correlations use the student in evaluation mode (BN running statistics).</li>
 * <li>Read-outs are computed in double whatever the training precision: on a double copy of
 * the student (taken at each read-out), against a teacher built and kept in double; a float run
 * trains against a float copy of that teacher, on float-rounded inputs.</li>
 * <li>gradNorms: the gradient of the MSE over that subset with the student in training mode
 * (batch statistics), accumulated in blocks of {@link Chunks#SIZE} rows; with BN each block
 * uses its own batch statistics. Bias included, BN affine parameters excluded.</li>
 * <li>maxSampleGradNorm: for each sample of the subset, the gradient of that sample's MSE
 * (mean over outputs) with respect to the lowest layer's (W, b), BN in evaluation mode; for a
 * dense layer it is the outer product g x_aug, whose norm is ||g|| ||x_aug||.</li>
 * <li>Teacher activations on the evaluation set are computed once.</li>
 * <li>The final per-layer results take the correlations of the last kept read-out and the
 * weights of the student's last copy (the last read-out taken, kept or not).</li>
 * </ul>
 */
final class MultiLayerReadout {
    private final int depth;
    private final int nSubset;
    private final int outDim;
    private final boolean hasBias;
    private final boolean hasBn;
    private final Chunks evalChunks;
    private final Chunks subsetChunks;
    private final List<Matrix> evalX = new ArrayList<>();
    /** The training set, whose first {@code nSubset} rows are read out. */
    private final Matrix train;
    /** In double; the run trains against a copy in its own precision. */
    final Network teacher;
    /** The student's double copy, taken at each read-out (its buffers hold a chunk). */
    private final Network reader;
    /** Teacher activations on evaluation chunk c: [c][layer], and outputs [c]. */
    private final Matrix[][] teacherEvalH;
    private final Matrix[] teacherEvalY;
    private final Matrix xRead;
    private final Matrix diffRead;
    private final double[] rowBuf;
    private final Matrix[] gradAccW;
    private final Matrix[] gradAccB;
    private final CorrelationAccumulator[] corrTrain;
    private final CorrelationAccumulator[] corrEval;
    /** Correlation matrices [layer] of the latest read-out, and of the latest kept one. */
    private double[][][] newCorrTrain;
    private double[][][] newCorrEval;
    private double[][][] keptCorrTrain;
    private double[][][] keptCorrEval;

    MultiLayerReadout(MultiLayerSettings settings, Matrix train, Parallel par) {
        MultiLayerSettings.Widths widths = settings.widths();
        depth = widths.depth();
        int nEval = settings.data().evalSize();
        nSubset = Math.min(settings.data().trainSize(), nEval);
        outDim = widths.outputs();
        hasBias = settings.student().biases();
        hasBn = settings.student().batchNorm();
        this.train = train;
        int readCap = capacity(settings);

        evalChunks = Chunks.of(nEval);
        subsetChunks = Chunks.of(nSubset);
        evalX.addAll(evalInputs(settings));
        teacher = Teacher.build(settings, readCap, evalX, par);
        teacherEvalH = new Matrix[evalX.size()][depth];
        teacherEvalY = new Matrix[evalX.size()];
        for (int c = 0; c < evalX.size(); c++) {
            Matrix x = evalX.get(c);
            teacherEvalY[c] = copyRows(teacher.forward(x, x.rows(), Network.Mode.EVAL), x.rows());
            for (int l = 0; l < depth; l++) {
                teacherEvalH[c][l] = copyRows(teacher.hidden.get(l).out, x.rows());
            }
        }
        reader = MultiLayerRun.student(settings, false, readCap, par);
        xRead = Matrix.create(false, readCap, widths.inputs());
        diffRead = Matrix.create(false, readCap, outDim);
        rowBuf = new double[widths.inputs()];
        gradAccW = new Matrix[reader.linearCount()];
        gradAccB = new Matrix[reader.linearCount()];
        for (int k = 0; k < gradAccW.length; k++) {
            Linear lin = reader.linear(k);
            gradAccW[k] = Matrix.create(false, lin.out, lin.in);
            gradAccB[k] = Matrix.create(false, 1, lin.out);
        }
        int[] ks = widths.teacher();
        int[] studentWidths = widths.student();
        corrTrain = new CorrelationAccumulator[depth];
        corrEval = new CorrelationAccumulator[depth];
        for (int l = 0; l < depth; l++) {
            corrTrain[l] = new CorrelationAccumulator(ks[l], studentWidths[l]);
            corrEval[l] = new CorrelationAccumulator(ks[l], studentWidths[l]);
        }
    }

    /** Rows the read-out networks hold at once: one evaluation or training-subset block. */
    static int capacity(MultiLayerSettings settings) {
        int nEval = settings.data().evalSize();
        int nSubset = Math.min(settings.data().trainSize(), nEval);
        return Math.min(Chunks.SIZE + 1, Math.max(nEval, nSubset));
    }

    /** The evaluation inputs in double, block by block ({@link Chunks}), from the seed's EVAL_DATA stream. */
    static List<Matrix> evalInputs(MultiLayerSettings settings) {
        Chunks chunks = Chunks.of(settings.data().evalSize());
        Rng evalRng = Rng.forRole(settings.seed(), Role.EVAL_DATA);
        List<Matrix> inputs = new ArrayList<>();
        for (int c = 0; c < chunks.count(); c++) {
            Matrix x = Matrix.create(false, chunks.length()[c], settings.widths().inputs());
            Data.fill(x, evalRng, settings);
            inputs.add(x);
        }
        return inputs;
    }

    /** The read-out of {@code student} as it is now, with the training-set quantities only if {@code trainingSide}. */
    EpochReadout measure(Network student, int epoch, double lr, boolean trainingSide) {
        reader.copyFrom(student);
        Matrix diff = diffRead;

        // Evaluation set: teacher activations cached, student in evaluation mode.
        for (CorrelationAccumulator a : corrEval) {
            a.reset();
        }
        double evalSq = 0;
        int nEval = 0;
        for (int c = 0; c < evalX.size(); c++) {
            Matrix x = evalX.get(c);
            int m = x.rows();
            Matrix yS = reader.forward(x, m, Network.Mode.EVAL);
            diff.sub(yS, teacherEvalY[c], m);
            evalSq += diff.sumSquares(m);
            nEval += m;
            for (int l = 0; l < depth; l++) {
                corrEval[l].add(teacherEvalH[c][l], reader.hidden.get(l).out, m);
            }
        }

        newCorrEval = new double[depth][][];
        for (int l = 0; l < depth; l++) {
            newCorrEval[l] = corrEval[l].correlation();
        }
        double evalLoss = evalSq / ((double) nEval * outDim);
        newCorrTrain = new double[depth][][];
        List<LayerEpoch> layers = new ArrayList<>();
        if (!trainingSide) {
            for (int l = 0; l < depth; l++) {
                layers.add(LayerEpoch.evalOnly(l, newCorrEval[l]));
            }
            return EpochReadout.evalOnly(epoch, lr, evalLoss, List.copyOf(layers));
        }

        // Training subset: losses and correlations, per-sample and full-batch gradients.
        for (CorrelationAccumulator a : corrTrain) {
            a.reset();
        }
        for (int k = 0; k < gradAccW.length; k++) {
            gradAccW[k].fill(0);
            gradAccB[k].fill(0);
        }
        double trainSq = 0;
        double maxSample = 0;
        HiddenLayer lowest = reader.hidden.get(0);
        Matrix x = xRead;
        for (int c = 0; c < subsetChunks.count(); c++) {
            int m = subsetChunks.length()[c];
            for (int i = 0; i < m; i++) {
                train.getRow(subsetChunks.start()[c] + i, rowBuf);
                x.setRow(i, rowBuf);
            }
            Matrix yT = teacher.forward(x, m, Network.Mode.EVAL);

            Matrix yS = reader.forward(x, m, Network.Mode.EVAL);
            diff.sub(yS, yT, m);
            trainSq += diff.sumSquares(m);
            for (int l = 0; l < depth; l++) {
                corrTrain[l].add(teacher.hidden.get(l).out, reader.hidden.get(l).out, m);
            }
            diff.scale(m, 2.0 / outDim); // each sample's own MSE
            reader.backward(x, diff, m);
            for (int i = 0; i < m; i++) {
                double xNorm2 = x.rowSumSquares(i) + (hasBias ? 1 : 0);
                maxSample = Math.max(maxSample, Math.sqrt(lowest.dPre.rowSumSquares(i) * xNorm2));
            }

            // Gradient of the subset's mean loss. Without BN, training mode is evaluation mode and
            // the gradient just computed is the sum of the per-sample ones: reuse it.
            double weight = 1.0 / nSubset;
            if (hasBn) {
                yS = reader.forward(x, m, Network.Mode.TRAIN_FROZEN);
                diff.sub(yS, yT, m);
                diff.scale(m, 2.0 / outDim);
                reader.backward(x, diff, m);
            }
            for (int k = 0; k < gradAccW.length; k++) {
                Linear lin = reader.linear(k);
                gradAccW[k].axpy(weight, lin.weightGrad);
                if (hasBias) {
                    gradAccB[k].axpy(weight, lin.biasGrad);
                }
            }
        }
        double[] gradNorms = new double[gradAccW.length];
        for (int k = 0; k < gradNorms.length; k++) {
            gradNorms[k] = Math.sqrt(gradAccW[k].sumSquares() + gradAccB[k].sumSquares());
        }

        for (int l = 0; l < depth; l++) {
            newCorrTrain[l] = corrTrain[l].correlation();
            layers.add(LayerEpoch.of(l, newCorrTrain[l], newCorrEval[l]));
        }
        return new EpochReadout(epoch, lr, trainSq / ((double) nSubset * outDim), evalLoss, gradNorms, maxSample,
                List.copyOf(layers));
    }

    /** The last {@link #measure} is kept. */
    void keep() {
        keptCorrTrain = newCorrTrain;
        keptCorrEval = newCorrEval;
    }

    /**
     * The per-layer results: correlations of the last kept read-out, weights of the reader's
     * copy, which a later read-out that was not kept (not finite) has overwritten, as it always has.
     */
    List<LayerFinal> finals(List<EpochReadout> kept) {
        List<LayerFinal> out = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            Linear tNext = teacher.linear(l + 1);
            Linear sNext = reader.linear(l + 1);
            double[] tFan = new double[tNext.in];
            for (int i = 0; i < tFan.length; i++) {
                tFan[i] = tNext.columnNorm(i);
            }
            double[] sFan = new double[sNext.in];
            for (int j = 0; j < sFan.length; j++) {
                sFan[j] = sNext.columnNorm(j);
            }
            BestMatch perStudent = BestMatch.perStudent(keptCorrEval[l]);
            double[] angle = null;
            int[] angleStudent = null;
            if (l == 0) {
                Angles a = Angles.best(augmentedRows(teacher.linear(0)), augmentedRows(reader.linear(0)));
                angle = a.angle();
                angleStudent = a.student();
            }
            out.add(new LayerFinal(l, tFan, sFan, perStudent.corr(), perStudent.index(), angle,
                    angleStudent, FirstEpochs.of(kept, l), keptCorrTrain[l], keptCorrEval[l]));
        }
        return List.copyOf(out);
    }

    private static double[][] augmentedRows(Linear lin) {
        double[][] rows = new double[lin.out][];
        for (int r = 0; r < lin.out; r++) {
            rows[r] = lin.augmentedRow(r);
        }
        return rows;
    }

    private static Matrix copyRows(Matrix src, int m) {
        Matrix dst = Matrix.create(src.entryBytes() == 4, m, src.cols());
        double[] row = new double[src.cols()];
        for (int r = 0; r < m; r++) {
            src.getRow(r, row);
            dst.setRow(r, row);
        }
        return dst;
    }
}
