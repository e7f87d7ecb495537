package org.reluspec.jobs.params;

/**
 * How long and at what rate a run trains, shared by both experiments.
 *
 * <p>Catalog names: {@code epochs} num_epoch, {@code rates} lr, {@code halvingPeriod} lr_reduction
 * (two_layer only; multi_layer runs never halve: 0), {@code batchSize} batchsize.
 */
public record TrainingSchedule(int epochs, LrSchedule rates, int halvingPeriod, int batchSize) {

    public static TrainingSchedule of(RunSpec spec) {
        int halvingPeriod = spec.experiment() == Experiment.TWO_LAYER ? spec.i("lr_reduction") : 0;
        return new TrainingSchedule(spec.i("num_epoch"), spec.lr(), halvingPeriod, spec.i("batchsize"));
    }

    /**
     * The rate of {@code epoch} (-1: the read-out before training, at the rate of epoch 0): the
     * schedule's, halved every {@code halvingPeriod} epochs as the reference's two-layer code does.
     */
    public double rateAt(int epoch) {
        int e = Math.max(epoch, 0);
        double lr = rates.rateAt(e);
        if (halvingPeriod > 0) {
            lr /= Math.pow(2, e / halvingPeriod);
        }
        return lr;
    }
}
