package org.reluspec.jobs.run;

import java.util.List;

/**
 * Everything one run measured. {@code epochs} starts with epoch -1 (before training); a diverged
 * run stops at {@code divergedEpoch} (null: the run did not diverge) and keeps the read-outs up to
 * the last finite one. {@code nTrain} is the training set size actually used (theory-suggested
 * sets round it up); {@code stoppedBy} says whether the budget, the gradient target, a stall or
 * divergence ended it; {@code steps} counts SGD/GD steps, {@code finishIterations} the finishing
 * phase's Gauss-Newton steps and {@code finishSeconds} its wall time (0 without a finish).
 */
public record RunResult(
        String runId,
        Status status,
        Integer divergedEpoch,
        StopReason stoppedBy,
        long steps,
        int nTrain,
        double wallSeconds,
        List<EpochReadout> epochs,
        List<LayerFinal> layers,
        int finishIterations,
        double finishSeconds) {

    public EpochReadout last() {
        return epochs.get(epochs.size() - 1);
    }
}
