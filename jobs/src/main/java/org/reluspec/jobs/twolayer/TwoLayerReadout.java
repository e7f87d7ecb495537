package org.reluspec.jobs.twolayer;

import java.util.List;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.metrics.Angles;
import org.reluspec.jobs.metrics.CorrelationAccumulator;
import org.reluspec.jobs.metrics.FirstEpochs;
import org.reluspec.jobs.run.BestMatch;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.LayerEpoch;
import org.reluspec.jobs.run.LayerFinal;

/**
 * The reference's after-epoch evaluation: losses, correlations of hidden activations on the
 * training and evaluation sets, the full-batch gradient and the largest per-sample gradient of
 * the hidden layer. The teacher's activations and outputs on both sets are computed once per
 * data set. Data are processed in chunks; sums are kept in double.
 */
final class TwoLayerReadout {
    static final int CHUNK = 256;

    private final TwoLayerNet teacher;
    private final TwoLayerNet student;
    private final boolean fp;
    private final Matrix xEval;
    private final Matrix teacherHiddenEval;
    private final Matrix teacherOutEval;
    private Matrix xTrain;
    private Matrix teacherHiddenTrain;
    private Matrix teacherOutTrain;

    private final int[] rows = new int[CHUNK];
    private final Matrix x;
    private final Matrix th;
    private final Matrix ty;
    private final Matrix h;
    private final Matrix y;
    private final Matrix g2;
    private final Matrix g1;
    private final Matrix dw1;
    private final Matrix dw2;
    private final CorrelationAccumulator corr;
    private double[][] lastCorrTrain;
    private double[][] lastCorrEval;
    /** The student and its correlations as of the last kept read-out ({@link #keep}). */
    private final TwoLayerNet kept;
    private double[][] keptCorrTrain;
    private double[][] keptCorrEval;

    TwoLayerReadout(TwoLayerNet teacher, TwoLayerNet student, Matrix xEval, boolean fp) {
        this.teacher = teacher;
        this.student = student;
        this.xEval = xEval;
        this.fp = fp;
        x = Matrix.create(fp, CHUNK, student.inputs + 1);
        th = Matrix.create(fp, CHUNK, teacher.hidden + 1);
        ty = Matrix.create(fp, CHUNK, teacher.outputs);
        h = Matrix.create(fp, CHUNK, student.hidden + 1);
        y = Matrix.create(fp, CHUNK, student.outputs);
        g2 = Matrix.create(fp, CHUNK, student.outputs);
        g1 = Matrix.create(fp, CHUNK, student.hidden + 1);
        dw1 = Matrix.create(fp, student.inputs + 1, student.hidden + 1);
        dw2 = Matrix.create(fp, student.hidden + 1, student.outputs);
        corr = new CorrelationAccumulator(teacher.hidden, student.hidden);
        kept = new TwoLayerNet(student.inputs, student.hidden, student.outputs, student.nonlinear, fp);
        teacherHiddenEval = Matrix.create(fp, xEval.rows(), teacher.hidden + 1);
        teacherOutEval = Matrix.create(fp, xEval.rows(), teacher.outputs);
        teacherForward(xEval, teacherHiddenEval, teacherOutEval);
    }

    /** Uses a (new) training set; the teacher's outputs on it are computed here, once. */
    void setTrainingSet(Matrix xTrain) {
        this.xTrain = xTrain;
        this.teacherHiddenTrain = Matrix.create(fp, xTrain.rows(), teacher.hidden + 1);
        this.teacherOutTrain = Matrix.create(fp, xTrain.rows(), teacher.outputs);
        teacherForward(xTrain, teacherHiddenTrain, teacherOutTrain);
    }

    Matrix teacherTrainOutputs() {
        return teacherOutTrain;
    }

    private void teacherForward(Matrix data, Matrix hiddenOut, Matrix out) {
        teacherForward(teacher, data, hiddenOut, out, fp);
    }

    /**
     * The teacher's hidden activations and outputs on {@code data}, chunk by chunk: the one way
     * they are computed, so that a cluster worker's targets ({@link TwoLayerBatches}) are the run's bits.
     */
    static void teacherForward(TwoLayerNet teacher, Matrix data, Matrix hiddenOut, Matrix out, boolean fp) {
        Matrix x = Matrix.create(fp, CHUNK, teacher.inputs + 1);
        Matrix th = Matrix.create(fp, CHUNK, teacher.hidden + 1);
        Matrix ty = Matrix.create(fp, CHUNK, teacher.outputs);
        int[] rows = new int[CHUNK];
        int n = data.rows();
        for (int r0 = 0; r0 < n; r0 += CHUNK) {
            int count = Math.min(CHUNK, n - r0);
            for (int b = 0; b < count; b++) {
                rows[b] = r0 + b;
            }
            x.gatherRows(data, rows, count);
            teacher.forward(x, count, th, ty);
            copyRows(th, hiddenOut, r0, count);
            copyRows(ty, out, r0, count);
        }
    }

    private static void copyRows(Matrix src, Matrix dst, int r0, int count) {
        double[] row = new double[src.cols()];
        for (int b = 0; b < count; b++) {
            src.getRow(b, row);
            dst.setRow(r0 + b, row);
        }
    }

    private int chunkRows(int r0, int n) {
        int count = Math.min(CHUNK, n - r0);
        for (int b = 0; b < count; b++) {
            rows[b] = r0 + b;
        }
        return count;
    }

    /**
     * Loads the chunk of {@code data} starting at row r0 with the teacher's activations and
     * outputs on it, runs the student, and leaves g2 = teacher - student; returns the rows.
     */
    private int studentOnChunk(Matrix data, Matrix teacherHidden, Matrix teacherOut, int r0) {
        int count = chunkRows(r0, data.rows());
        x.gatherRows(data, rows, count);
        ty.gatherRows(teacherOut, rows, count);
        th.gatherRows(teacherHidden, rows, count);
        student.forward(x, count, h, y);
        g2.sub(ty, y, count);
        return count;
    }

    /** The read-out, with the training-set quantities only if {@code train}. */
    EpochReadout measure(int epoch, double lr, boolean train) {
        if (!train) {
            lastCorrTrain = null;
            double evalLoss = measureEval();
            return EpochReadout.evalOnly(epoch, lr, evalLoss, List.of(LayerEpoch.evalOnly(0, lastCorrEval)));
        }
        // Training set: loss, full-batch gradient, largest per-sample gradient, correlations.
        int n = xTrain.rows();
        double sq = 0;
        double maxSample = 0;
        corr.reset();
        for (int r0 = 0; r0 < n; r0 += CHUNK) {
            int count = studentOnChunk(xTrain, teacherHiddenTrain, teacherOutTrain, r0);
            sq += g2.sumSquares(count);
            student.backward(x, h, g2, count, g1, dw1, dw2, r0 > 0);
            for (int b = 0; b < count; b++) {
                // The per-sample gradient of the hidden layer is the outer product x_b g1_b.
                double norm = Math.sqrt(x.rowSumSquares(b) * g1.rowSumSquares(b));
                maxSample = Math.max(maxSample, Double.isNaN(norm) ? Double.POSITIVE_INFINITY : norm);
            }
            corr.add(th, h, count);
        }
        double trainLoss = sq / ((double) n * student.outputs);
        double[] gradNorms = {Math.sqrt(dw1.sumSquares()) / n, Math.sqrt(dw2.sumSquares()) / n};
        lastCorrTrain = corr.correlation();
        double evalLoss = measureEval();
        LayerEpoch layer = LayerEpoch.of(0, lastCorrTrain, lastCorrEval);
        return new EpochReadout(epoch, lr, trainLoss, evalLoss, gradNorms, maxSample, List.of(layer));
    }

    /** Evaluation set: the loss (returned) and the correlations ({@code lastCorrEval}). */
    private double measureEval() {
        int ne = xEval.rows();
        double sqEval = 0;
        corr.reset();
        for (int r0 = 0; r0 < ne; r0 += CHUNK) {
            int count = studentOnChunk(xEval, teacherHiddenEval, teacherOutEval, r0);
            sqEval += g2.sumSquares(count);
            corr.add(th, h, count);
        }
        lastCorrEval = corr.correlation();
        return sqEval / ((double) ne * student.outputs);
    }

    /** The last {@link #measure} is kept: the end-of-run read-outs will describe this student. */
    void keep() {
        kept.w1.copyFrom(student.w1);
        kept.w2.copyFrom(student.w2);
        keptCorrTrain = lastCorrTrain;
        keptCorrEval = lastCorrEval;
    }

    /** The hidden layer's end-of-run read-outs, from the last kept read-out ({@code history}: the kept ones). */
    LayerFinal finalLayer(List<EpochReadout> history) {
        int m = teacher.hidden;
        int n = student.hidden;
        double[] teacherFanout = new double[m];
        double[][] teacherW = new double[m][];
        for (int i = 0; i < m; i++) {
            teacherFanout[i] = teacher.fanoutNorm(i);
            teacherW[i] = teacher.augmentedWeights(i);
        }
        double[] studentFanout = new double[n];
        double[][] studentW = new double[n][];
        for (int j = 0; j < n; j++) {
            studentFanout[j] = kept.fanoutNorm(j);
            studentW[j] = kept.augmentedWeights(j);
        }
        BestMatch perStudent = BestMatch.perStudent(keptCorrEval);
        Angles angles = Angles.best(teacherW, studentW);
        return new LayerFinal(0, teacherFanout, studentFanout, perStudent.corr(), perStudent.index(),
                angles.angle(), angles.student(), FirstEpochs.of(history, 0), keptCorrTrain, keptCorrEval);
    }
}
