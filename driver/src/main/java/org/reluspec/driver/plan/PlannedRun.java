package org.reluspec.driver.plan;

/** One run of a sweep: its grid index, stable id, estimated cost and heap ({@link MemoryModel}). */
public record PlannedRun(long index, String runId, double flops, double bytes) {
}
