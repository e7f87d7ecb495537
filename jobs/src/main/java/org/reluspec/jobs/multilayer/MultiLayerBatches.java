package org.reluspec.jobs.multilayer;

import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.linalg.Parallel;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;
import org.reluspec.jobs.run.EpochBatches;

/**
 * The batches of one epoch of a multi-layer run ({@link EpochBatches}): the epoch's training set,
 * its shuffled order and the teacher's targets. Batch b holds the rows at positions
 * [b * batchsize, (b + 1) * batchsize) of the order (the last batch may be shorter).
 */
public final class MultiLayerBatches implements EpochBatches {
    private final int batch;
    private final int nTrain;
    private final Matrix train;
    private final int[] order;
    private final Network teacher;
    private final Matrix xBuf;
    private final int[] rows;

    private MultiLayerBatches(MultiLayerSettings settings, int epoch) {
        boolean fp = settings.floatPrecision();
        batch = settings.schedule().batchSize();
        nTrain = settings.data().trainSize();
        train = Matrix.create(fp, nTrain, settings.widths().inputs());
        Data.fill(train, trainingStream(settings, epoch), settings);
        order = new int[nTrain];
        Rng batches = Rng.forRole(settings.seed(), Role.BATCHES);
        for (int e = 0; e <= epoch; e++) {
            shuffle(order, batches);
        }
        Parallel one = new Parallel(1);
        Network exact = Teacher.build(settings, MultiLayerReadout.capacity(settings),
                MultiLayerReadout.evalInputs(settings), one);
        teacher = Teacher.create(settings, fp, batch, one);
        teacher.copyFrom(exact);
        xBuf = Matrix.create(fp, batch, settings.widths().inputs());
        rows = new int[batch];
    }

    /** Epoch {@code epoch}'s batches of the run {@code spec} (a multi-layer spec). */
    public static MultiLayerBatches of(RunSpec spec, int epoch) {
        return new MultiLayerBatches(MultiLayerSettings.of(spec), epoch);
    }

    /** The stream that drew the training set in use at {@code epoch}. */
    static Rng trainingStream(MultiLayerSettings settings, int epoch) {
        return epoch > 0 && settings.data().redrawEachEpoch()
                ? Rng.forRole(settings.seed(), Role.TRAIN_DATA, epoch)
                : Rng.forRole(settings.seed(), Role.TRAIN_DATA);
    }

    /** A new epoch's order of {@code order.length} rows: the identity shuffled by {@code batches}. */
    static void shuffle(int[] order, Rng batches) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        batches.shuffle(order);
    }

    /** Batches in an epoch of a training set of {@code trainSize} rows. */
    public static int count(int trainSize, int batchSize) {
        return (trainSize + batchSize - 1) / batchSize;
    }

    @Override
    public int count() {
        return count(nTrain, batch);
    }

    @Override
    public Batch batch(int b) {
        int start = b * batch;
        int m = Math.min(batch, nTrain - start);
        System.arraycopy(order, start, rows, 0, m);
        xBuf.gatherRows(train, rows, m);
        Matrix y = teacher.forward(xBuf, m, Network.Mode.EVAL);
        return new Batch(m, rowMajor(xBuf, m), rowMajor(y, m));
    }

    private static double[] rowMajor(Matrix a, int m) {
        int cols = a.cols();
        double[] flat = new double[m * cols];
        double[] row = new double[cols];
        for (int i = 0; i < m; i++) {
            a.getRow(i, row);
            System.arraycopy(row, 0, flat, i * cols, cols);
        }
        return flat;
    }
}
