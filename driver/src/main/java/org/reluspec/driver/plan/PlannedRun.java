package org.reluspec.driver.plan;

/** One run of a sweep: its grid index, stable id and estimated cost. */
public record PlannedRun(long index, String runId, double flops) {
}
