package org.reluspec.driver.plan;

/**
 * One run of a sweep: its grid index, stable id, estimated cost (FLOPs; for a multi-layer run
 * also its core-seconds from the multi-layer model, NaN for a two-layer run) and heap
 * ({@link MemoryModel}). {@code clusterWorkers}: the workers of a run its engine trains on the
 * whole cluster (engine=dl4j-spark), 0 for a run in one task; {@code averagingRounds}: that run's
 * rounds of parameter averaging (0 for a task).
 */
public record PlannedRun(long index, String runId, double flops, double multiLayerSeconds, double bytes,
                         int clusterWorkers, long averagingRounds) {

    /** Core-seconds on one thread: the multi-layer model, or the FLOPs at {@code twoLayerRate} FLOP/s. */
    public double coreSeconds(double twoLayerRate) {
        return Double.isNaN(multiLayerSeconds) ? flops / twoLayerRate : multiLayerSeconds;
    }

    /** Whether the driver trains this run on the whole cluster, after the sweep's tasks. */
    public boolean onWholeCluster() {
        return clusterWorkers > 0;
    }
}
