package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.linalg.Matrix;

/** The native trainer behind the {@link TwoLayerSteps} interface (for sessions and cross-checks). */
final class NativeTwoLayerSteps implements TwoLayerSteps {
    private final TwoLayerNet student;
    private final TwoLayerTrainer trainer;
    private final TwoLayerTrainer.Options options;

    NativeTwoLayerSteps(TwoLayerNet student, TwoLayerTrainer trainer, TwoLayerTrainer.Options options) {
        this.student = student;
        this.trainer = trainer;
        this.options = options;
    }

    @Override
    public double step(Matrix xTrain, Matrix yTrain, int[] rows, int count, double lr) {
        return trainer.stepOn(xTrain, yTrain, rows, count, lr, options);
    }

    @Override
    public TwoLayerWeights weights() {
        return student.weights();
    }
}
