package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.rng.Rng;

/** Gradient steps on the student; every buffer is allocated once, so a step allocates nothing. */
final class TwoLayerTrainer {
    /** Which parts of the student move, and the reference's post-step fix-ups. */
    record Options(boolean trainHidden, boolean trainOutput, boolean normalize, boolean noBias) {
    }

    private final TwoLayerNet student;
    private final int batch;

    private final int[] rows;
    private final Matrix x;
    private final Matrix target;
    private final Matrix h;
    private final Matrix y;
    private final Matrix g2;
    private final Matrix g1;
    private final Matrix dw1;
    private final Matrix dw2;

    TwoLayerTrainer(TwoLayerNet student, int batch, boolean fp) {
        this.student = student;
        this.batch = batch;
        this.rows = new int[batch];
        this.x = Matrix.create(fp, batch, student.inputs + 1);
        this.target = Matrix.create(fp, batch, student.outputs);
        this.h = Matrix.create(fp, batch, student.hidden + 1);
        this.y = Matrix.create(fp, batch, student.outputs);
        this.g2 = Matrix.create(fp, batch, student.outputs);
        this.g1 = Matrix.create(fp, batch, student.hidden + 1);
        this.dw1 = Matrix.create(fp, student.inputs + 1, student.hidden + 1);
        this.dw2 = Matrix.create(fp, student.hidden + 1, student.outputs);
    }

    int batch() {
        return batch;
    }

    /** One SGD step on {@code batch} samples drawn with replacement. */
    void sgdStep(Matrix xTrain, Matrix yTrain, Rng rng, double lr, Options o) {
        drawRows(rng, xTrain.rows(), rows, batch);
        accumulate(xTrain, yTrain, batch, false);
        apply(lr / batch, o);
    }

    /** Draws {@code count} row indices of an n-row training set, with replacement: the SGD batch. */
    static void drawRows(Rng rng, int n, int[] rows, int count) {
        for (int b = 0; b < count; b++) {
            rows[b] = rng.nextInt(n);
        }
    }

    /**
     * One step on the given rows (in chunks of {@code batch}) with rate lr / count, as
     * {@link TwoLayerSteps#step}; returns the mean of 0.5 ||target - output||^2 before the step.
     */
    double stepOn(Matrix xTrain, Matrix yTrain, int[] given, int count, double lr, Options o) {
        double sq = 0;
        for (int r0 = 0; r0 < count; r0 += batch) {
            int k = Math.min(batch, count - r0);
            System.arraycopy(given, r0, rows, 0, k);
            accumulate(xTrain, yTrain, k, r0 > 0);
            sq += g2.sumSquares(k);
        }
        apply(lr / count, o);
        return 0.5 * sq / count;
    }

    /** One gradient-descent step on the whole training set, in chunks of {@code batch} rows. */
    void fullBatchStep(Matrix xTrain, Matrix yTrain, double lr, Options o) {
        int n = xTrain.rows();
        for (int r0 = 0; r0 < n; r0 += batch) {
            int count = Math.min(batch, n - r0);
            for (int b = 0; b < count; b++) {
                rows[b] = r0 + b;
            }
            accumulate(xTrain, yTrain, count, r0 > 0);
        }
        apply(lr / n, o);
    }

    private void accumulate(Matrix xTrain, Matrix yTrain, int count, boolean add) {
        x.gatherRows(xTrain, rows, count);
        target.gatherRows(yTrain, rows, count);
        student.forward(x, count, h, y);
        g2.sub(target, y, count);
        student.backward(x, h, g2, count, g1, dw1, dw2, add);
    }

    private void apply(double step, Options o) {
        if (o.trainHidden()) {
            student.w1.axpy(step, dw1);
            if (o.normalize()) {
                student.normalizeHiddenWeights();
            }
        }
        if (o.trainOutput()) {
            student.w2.axpy(step, dw2);
        }
        if (o.noBias()) {
            student.clearBiases();
        }
    }
}
