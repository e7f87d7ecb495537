package org.reluspec.driver.plan;

/**
 * One run of a sweep: its grid index, stable id, estimated cost (FLOPs; for a multi-layer run
 * also its core-seconds from the multi-layer model, NaN for a two-layer run) and heap
 * ({@link MemoryModel}).
 */
public record PlannedRun(long index, String runId, double flops, double multiLayerSeconds, double bytes) {

    /** Core-seconds on one thread: the multi-layer model, or the FLOPs at {@code twoLayerRate} FLOP/s. */
    public double coreSeconds(double twoLayerRate) {
        return Double.isNaN(multiLayerSeconds) ? flops / twoLayerRate : multiLayerSeconds;
    }
}
