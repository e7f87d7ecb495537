package org.reluspec.jobs.params;

/**
 * The sizes and scale of a run's training and evaluation inputs, shared by both experiments.
 *
 * <p>Catalog names: {@code trainSize} N_train (multi_layer: random_dataset_size), {@code evalSize}
 * N_eval, {@code std} data_std, {@code redrawEachEpoch} regen_dataset (multi_layer:
 * regen_dataset_each_epoch).
 */
public record DataSets(int trainSize, int evalSize, double std, boolean redrawEachEpoch) {

    public static DataSets of(RunSpec spec) {
        boolean twoLayer = spec.experiment() == Experiment.TWO_LAYER;
        return new DataSets(spec.i(twoLayer ? "N_train" : "random_dataset_size"), spec.i("N_eval"),
                spec.d("data_std"), spec.b(twoLayer ? "regen_dataset" : "regen_dataset_each_epoch"));
    }
}
