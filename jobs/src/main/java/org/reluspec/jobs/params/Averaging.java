package org.reluspec.jobs.params;

/**
 * engine=dl4j-spark's parameter averaging: {@code workers} train in parallel, each taking
 * {@code frequency} steps on its own batches between two averagings (1 and 1 elsewhere).
 * Catalog names: {@code workers} spark_workers, {@code frequency} averaging_frequency.
 */
public record Averaging(int workers, int frequency) {
    public static Averaging of(RunSpec spec) {
        return new Averaging(spec.i("spark_workers"), spec.i("averaging_frequency"));
    }
}
