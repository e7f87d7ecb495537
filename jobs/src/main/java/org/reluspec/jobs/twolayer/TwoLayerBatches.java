package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.data.Inputs;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;
import org.reluspec.jobs.run.EpochBatches;

/**
 * The batches of one epoch of a two-layer SGD run ({@link EpochBatches}): the epoch's training
 * set, the teacher's outputs on it and the rows of its num_iter_per_epoch steps, each batch
 * drawn with replacement from the run's one stream of batch draws.
 */
public final class TwoLayerBatches implements EpochBatches {
    private final int batch;
    private final int steps;
    private final int d;
    private final Matrix xTrain;
    private final Matrix yTrain;
    /** The rows of every step of the epoch, step after step. */
    private final int[] rows;

    private TwoLayerBatches(TwoLayerSettings settings, int epoch) {
        if (!settings.miniBatches()) {
            throw new IllegalArgumentException("full-batch gradient descent has no batches (use_sgd=false)");
        }
        boolean fp = settings.floatPrecision();
        batch = settings.schedule().batchSize();
        steps = settings.stepsPerEpoch();
        d = settings.widths().inputs();
        TwoLayerNet teacher = TwoLayerTeacher.build(settings);
        xTrain = trainingSet(settings, teacher, epoch);
        yTrain = Matrix.create(fp, xTrain.rows(), teacher.outputs);
        TwoLayerReadout.teacherForward(teacher, xTrain, Matrix.create(fp, xTrain.rows(), teacher.hidden + 1),
                yTrain, fp);
        // The run draws all its steps' rows from one stream: replay the earlier epochs' draws.
        Rng draws = Rng.forRole(settings.seed(), Role.BATCHES);
        int[] step = new int[batch];
        for (long s = 0; s < (long) epoch * steps; s++) {
            TwoLayerTrainer.drawRows(draws, xTrain.rows(), step, batch);
        }
        rows = new int[steps * batch];
        for (int s = 0; s < steps; s++) {
            TwoLayerTrainer.drawRows(draws, xTrain.rows(), step, batch);
            System.arraycopy(step, 0, rows, s * batch, batch);
        }
    }

    /** Epoch {@code epoch}'s batches of the two-layer SGD run {@code spec} (use_sgd=true). */
    public static TwoLayerBatches of(RunSpec spec, int epoch) {
        return new TwoLayerBatches(TwoLayerSettings.of(spec), epoch);
    }

    /**
     * The training set in use at {@code epoch}: the first one (Gaussian, or the theory-suggested
     * set), or with regen_dataset a Gaussian set of its own from epoch 1 on.
     */
    static Matrix trainingSet(TwoLayerSettings settings, TwoLayerNet teacher, int epoch) {
        long seed = settings.seed();
        int n = settings.data().trainSize();
        int inputs = settings.widths().inputs();
        double std = settings.data().std();
        boolean fp = settings.floatPrecision();
        if (epoch > 0 && settings.data().redrawEachEpoch()) {
            return Inputs.gaussian(Rng.forRole(seed, Role.TRAIN_DATA, epoch), n, inputs, std, fp);
        }
        TwoLayerSettings.TheorySet theory = settings.theorySet();
        return theory.used()
                ? TheoryDataset.build(Rng.forRole(seed, Role.TRAIN_DATA), teacher, n, std, theory.shiftMean(),
                        theory.shiftSpread(), fp)
                : Inputs.gaussian(Rng.forRole(seed, Role.TRAIN_DATA), n, inputs, std, fp);
    }

    @Override
    public int count() {
        return steps;
    }

    @Override
    public Batch batch(int b) {
        double[] inputs = new double[batch * d];
        double[] targets = new double[batch * yTrain.cols()];
        double[] xRow = new double[d + 1];
        double[] yRow = new double[yTrain.cols()];
        for (int i = 0; i < batch; i++) {
            int r = rows[b * batch + i];
            xTrain.getRow(r, xRow);
            System.arraycopy(xRow, 0, inputs, i * d, d); // without the constant bias column
            yTrain.getRow(r, yRow);
            System.arraycopy(yRow, 0, targets, i * yRow.length, yRow.length);
        }
        return new Batch(batch, inputs, targets);
    }
}
