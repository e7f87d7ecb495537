package org.reluspec.jobs.run;

import java.util.List;

/**
 * Everything one run measured. {@code epochs} starts with epoch -1 (before training); a diverged
 * run stops at {@code divergedEpoch} and keeps the read-outs up to the last finite one.
 * {@code nTrain} is the training set size actually used (theory-suggested sets round it up);
 * {@code stoppedBy} says whether the budget, the gradient target, a stall or divergence ended it;
 * {@code steps} counts SGD/GD steps, {@code finishIterations} the finishing phase's Gauss-Newton
 * steps and {@code finishSeconds} its wall time (0 without a finish).
 */
public record RunResult(
        String runId,
        Status status,
        int divergedEpoch,
        StopReason stoppedBy,
        long steps,
        int nTrain,
        double wallSeconds,
        List<EpochReadout> epochs,
        List<LayerFinal> layers,
        int finishIterations,
        double finishSeconds) {

    public static final int NOT_DIVERGED = Integer.MIN_VALUE;

    /** A run without a finishing phase. */
    public RunResult(String runId, Status status, int divergedEpoch, StopReason stoppedBy, long steps, int nTrain,
                     double wallSeconds, List<EpochReadout> epochs, List<LayerFinal> layers) {
        this(runId, status, divergedEpoch, stoppedBy, steps, nTrain, wallSeconds, epochs, layers, 0, 0.0);
    }

    /** A run that stopped at its budget or by diverging. */
    public RunResult(String runId, Status status, int divergedEpoch, long steps, int nTrain, double wallSeconds,
                     List<EpochReadout> epochs, List<LayerFinal> layers) {
        this(runId, status, divergedEpoch, status == Status.DIVERGED ? StopReason.DIVERGED : StopReason.BUDGET,
                steps, nTrain, wallSeconds, epochs, layers);
    }

    public EpochReadout last() {
        return epochs.get(epochs.size() - 1);
    }
}
