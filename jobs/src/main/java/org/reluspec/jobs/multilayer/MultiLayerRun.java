package org.reluspec.jobs.multilayer;

import java.util.ArrayList;
import java.util.List;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.linalg.Parallel;
import org.reluspec.jobs.metrics.Angles;
import org.reluspec.jobs.metrics.CorrelationAccumulator;
import org.reluspec.jobs.metrics.FirstEpochs;
import org.reluspec.jobs.params.LrSchedule;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;
import org.reluspec.jobs.run.BestMatch;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.LayerEpoch;
import org.reluspec.jobs.run.LayerFinal;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.Status;
import org.reluspec.jobs.run.StopReason;

/**
 * The multi-layer experiment: a teacher of widths ks, a student of widths ks * node_multi,
 * trained by shuffled mini-batch epochs on the teacher's outputs (MSE). A pure function of the
 * spec: every random draw comes from the seed's role streams, and nothing else is read.
 *
 * <p>Read-out choices (the reference leaves them open):
 * <ul>
 * <li>"Training data" read-outs (train loss, train correlations, gradient norms) use the first
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
 * <li>Teacher outputs on training batches are recomputed per batch (the teacher is node_multi
 * times narrower than the student, so this is cheap, and it needs no memory budget); teacher
 * activations on the evaluation set are computed once.</li>
 * <li>A non-finite batch loss ends the epoch at once; that epoch's read-out is not kept.
 * The final per-layer results describe the student as of the last kept read-out.</li>
 * <li>The read-out before training (epoch -1) reports the rate of epoch 0.</li>
 * </ul>
 */
public final class MultiLayerRun {
    private final RunSpec spec;
    private final int depth;
    private final int nTrain;
    private final int nSubset;
    private final int batch;
    private final int outDim;
    private final boolean hasBias;
    private final boolean hasBn;
    private final Chunks evalChunks;
    private final Chunks subsetChunks;
    private final List<Matrix> evalX = new ArrayList<>();
    private final Matrix train;
    /** In double, for read-outs; {@code teacherTrain} is its copy in the training precision. */
    private final Network teacher;
    private final Network teacherTrain;
    /** The trained student, and its double copy for read-outs (whose buffers hold a chunk). */
    private final Network student;
    private final Network reader;
    /** Takes the optimizer steps: the native engine on {@code student}, or a plug-in engine. */
    private final MultiLayerSteps stepper;
    private final boolean external;
    /** Teacher activations on evaluation chunk c: [c][layer], and outputs [c]. */
    private final Matrix[][] teacherEvalH;
    private final Matrix[] teacherEvalY;
    private final Matrix xBuf;
    private final Matrix diff;
    private final Matrix xRead;
    private final Matrix diffRead;
    private final double[] rowBuf;
    private final int[] idx;
    private final int[] perm;
    private final Matrix[] gradAccW;
    private final Matrix[] gradAccB;
    private final CorrelationAccumulator[] corrTrain;
    private final CorrelationAccumulator[] corrEval;
    /** Correlation matrices [layer] of the latest read-out, and of the latest kept one. */
    private double[][][] newCorrTrain;
    private double[][][] newCorrEval;
    private double[][][] lastCorrTrain;
    private double[][][] lastCorrEval;
    private long steps;

    private MultiLayerRun(RunSpec spec, MultiLayerSteps.Factory engine, Parallel par) {
        this.spec = spec;
        boolean fp = spec.floatPrecision();
        long seed = spec.i("seed");
        int d = spec.i("data_d");
        int[] ks = spec.ints("ks").stream().mapToInt(Integer::intValue).toArray();
        depth = ks.length;
        nTrain = spec.i("random_dataset_size");
        int nEval = spec.i("N_eval");
        nSubset = Math.min(nTrain, nEval);
        batch = spec.i("batchsize");
        outDim = spec.i("d_output");
        hasBias = !spec.b("no_bias");
        hasBn = spec.b("bn");
        int readCap = Math.min(Chunks.SIZE + 1, Math.max(nEval, nSubset));

        evalChunks = Chunks.of(nEval);
        subsetChunks = Chunks.of(nSubset);
        Rng evalRng = Rng.forRole(seed, Role.EVAL_DATA);
        for (int c = 0; c < evalChunks.count(); c++) {
            Matrix x = Matrix.create(false, evalChunks.length()[c], d);
            Data.fill(x, evalRng, spec);
            evalX.add(x);
        }
        train = Matrix.create(fp, nTrain, d);
        Data.fill(train, Rng.forRole(seed, Role.TRAIN_DATA), spec);

        teacher = Teacher.build(spec, readCap, evalX, par);
        teacherTrain = Teacher.create(spec, fp, batch, par);
        teacherTrain.copyFrom(teacher);
        teacherEvalH = new Matrix[evalX.size()][depth];
        teacherEvalY = new Matrix[evalX.size()];
        for (int c = 0; c < evalX.size(); c++) {
            Matrix x = evalX.get(c);
            teacherEvalY[c] = copyRows(teacher.forward(x, x.rows(), Network.Mode.EVAL), x.rows());
            for (int l = 0; l < depth; l++) {
                teacherEvalH[c][l] = copyRows(teacher.hidden.get(l).out, x.rows());
            }
        }

        int multi = spec.i("node_multi");
        int[] widths = new int[depth];
        for (int l = 0; l < depth; l++) {
            widths[l] = ks[l] * multi;
        }
        student = new Network(fp, d, widths, outDim, hasBias, spec.b("bn"), spec.b("bn_affine"),
                spec.b("bn_before_relu"), studentSlope(spec), batch, par);
        reader = new Network(false, d, widths, outDim, hasBias, spec.b("bn"), spec.b("bn_affine"),
                spec.b("bn_before_relu"), studentSlope(spec), readCap, par);
        Student.init(student, Rng.forRole(seed, Role.STUDENT), spec.d("student_scale_down"));
        if (spec.b("normalize")) {
            student.normalizeRows();
        }

        xBuf = Matrix.create(fp, batch, d);
        diff = Matrix.create(fp, batch, outDim);
        external = engine != null;
        stepper = external ? engine.create(spec, student.weights())
                : new NativeMultiLayerSteps(student, Optimizer.of(spec, student.params(), par), diff, spec.b("normalize"));
        xRead = Matrix.create(false, readCap, d);
        diffRead = Matrix.create(false, readCap, outDim);
        rowBuf = new double[d];
        idx = new int[batch];
        perm = new int[nTrain];
        gradAccW = new Matrix[student.linearCount()];
        gradAccB = new Matrix[student.linearCount()];
        for (int k = 0; k < gradAccW.length; k++) {
            Linear lin = student.linear(k);
            gradAccW[k] = Matrix.create(false, lin.out, lin.in);
            gradAccB[k] = Matrix.create(false, 1, lin.out);
        }
        corrTrain = new CorrelationAccumulator[depth];
        corrEval = new CorrelationAccumulator[depth];
        for (int l = 0; l < depth; l++) {
            corrTrain[l] = new CorrelationAccumulator(ks[l], widths[l]);
            corrEval[l] = new CorrelationAccumulator(ks[l], widths[l]);
        }
    }

    /**
     * The student's Leaky ReLU slope: leaky_relu, or 0 with leaky_relu_student=false (the
     * reference's code passes leaky_relu to the teacher only).
     */
    public static double studentSlope(RunSpec spec) {
        return spec.b("leaky_relu_student") ? spec.d("leaky_relu") : 0.0;
    }

    public static RunResult run(RunSpec spec, EpochListener listener) {
        return run(spec, listener, (MultiLayerSteps.Factory) null);
    }

    /** The run with its products split between the threads of {@code par} (same bits for any count). */
    public static RunResult run(RunSpec spec, EpochListener listener, Parallel par) {
        long t0 = System.nanoTime();
        return new MultiLayerRun(spec, null, par).execute(listener, t0);
    }

    /**
     * The run with another engine's steps (null: native): the same teacher, data, initial student
     * and batch sequence; the engine's student is copied into the native one after every epoch.
     */
    public static RunResult run(RunSpec spec, EpochListener listener, MultiLayerSteps.Factory engine) {
        long t0 = System.nanoTime();
        return new MultiLayerRun(spec, engine, new Parallel(1)).execute(listener, t0);
    }

    /** A run prepared but not started, for sessions. */
    static MultiLayerRun prepare(RunSpec spec, MultiLayerSteps.Factory engine) {
        return new MultiLayerRun(spec, engine, new Parallel(1));
    }

    /** A native run prepared but not started, its products split between the threads of {@code par}. */
    static MultiLayerRun prepare(RunSpec spec, Parallel par) {
        return new MultiLayerRun(spec, null, par);
    }

    /** The teacher of this spec, as the run builds it (for tests). */
    static Network teacherOf(RunSpec spec) {
        return new MultiLayerRun(spec, null, new Parallel(1)).teacher;
    }

    private RunResult execute(EpochListener listener, long t0) {
        LrSchedule schedule = spec.lr();
        List<EpochReadout> epochs = new ArrayList<>();
        Status status = Status.OK;
        int divergedEpoch = RunResult.NOT_DIVERGED;
        Rng batchRng = Rng.forRole(spec.i("seed"), Role.BATCHES);
        double stopGrad = spec.d("stop_grad_norm");
        StopReason stoppedBy = StopReason.BUDGET;
        for (int epoch = -1; epoch < spec.i("num_epoch"); epoch++) {
            double lr = schedule.rateAt(epoch);
            boolean finite = epoch < 0 || trainEpoch(epoch, lr, batchRng);
            EpochReadout r = finite && student.allFinite() ? readout(epoch, lr) : null;
            if (r == null || !r.finite()) {
                status = Status.DIVERGED;
                divergedEpoch = epoch;
                break;
            }
            epochs.add(r);
            lastCorrTrain = newCorrTrain;
            lastCorrEval = newCorrEval;
            listener.onEpoch(r);
            if (epoch >= 0 && stopGrad > 0 && r.maxSampleGradNorm() <= stopGrad) {
                stoppedBy = StopReason.GRADIENT_TARGET;
                break;
            }
        }
        if (status == Status.DIVERGED) {
            stoppedBy = StopReason.DIVERGED;
        }
        List<LayerFinal> finals = epochs.isEmpty() ? List.of() : finals(epochs);
        double wall = (System.nanoTime() - t0) * 1e-9;
        return new RunResult(spec.runId(), status, divergedEpoch, stoppedBy, steps, nTrain, wall, epochs, finals);
    }

    /** One shuffled pass over the training set; false when a loss was not finite. */
    private boolean trainEpoch(int epoch, double lr, Rng batchRng) {
        if (epoch > 0 && spec.b("regen_dataset_each_epoch")) {
            Data.fill(train, Rng.forRole(spec.i("seed"), Role.TRAIN_DATA, epoch), spec);
        }
        shuffle(batchRng);
        boolean finite = true;
        for (int start = 0; start < nTrain && finite; start += batch) {
            finite = Double.isFinite(stepAt(start, lr));
        }
        if (external) {
            student.load(stepper.weights());
        }
        return finite;
    }

    /** A new epoch's order of the training set. */
    void shuffle(Rng batchRng) {
        for (int i = 0; i < nTrain; i++) {
            perm[i] = i;
        }
        batchRng.shuffle(perm);
    }

    /** One step on the batch at position {@code start} of the epoch's order; returns its loss. */
    double stepAt(int start, double lr) {
        int m = Math.min(batch, nTrain - start);
        System.arraycopy(perm, start, idx, 0, m);
        xBuf.gatherRows(train, idx, m);
        Matrix yT = teacherTrain.forward(xBuf, m, Network.Mode.EVAL);
        double loss = stepper.step(xBuf, yT, m, lr);
        if (Double.isFinite(loss)) {
            steps++;
        }
        return loss;
    }

    int trainSize() {
        return nTrain;
    }

    int batchSize() {
        return batch;
    }

    MultiLayerSteps stepper() {
        return stepper;
    }

    EpochReadout readout(int epoch, double lr) {
        reader.copyFrom(student);
        Matrix diff = diffRead; // the double counterpart of the training buffer

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

        List<LayerEpoch> layers = new ArrayList<>();
        newCorrTrain = new double[depth][][];
        newCorrEval = new double[depth][][];
        for (int l = 0; l < depth; l++) {
            newCorrTrain[l] = corrTrain[l].correlation();
            newCorrEval[l] = corrEval[l].correlation();
            layers.add(LayerEpoch.of(l, newCorrTrain[l], newCorrEval[l]));
        }
        return new EpochReadout(epoch, lr, trainSq / ((double) nSubset * outDim),
                evalSq / ((double) nEval * outDim), gradNorms, maxSample, List.copyOf(layers));
    }

    /** From the student as of the last kept read-out (the reader's copy). */
    private List<LayerFinal> finals(List<EpochReadout> epochs) {
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
            BestMatch perStudent = BestMatch.perStudent(lastCorrEval[l]);
            double[] angle = null;
            int[] angleStudent = null;
            if (l == 0) {
                Angles a = Angles.best(augmentedRows(teacher.linear(0)), augmentedRows(reader.linear(0)));
                angle = a.angle();
                angleStudent = a.student();
            }
            out.add(new LayerFinal(l, tFan, sFan, perStudent.corr(), perStudent.index(), angle,
                    angleStudent, FirstEpochs.of(epochs, l), lastCorrTrain[l], lastCorrEval[l]));
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
