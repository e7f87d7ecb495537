package org.reluspec.jobs.run;

import java.util.List;
import java.util.Optional;
import org.reluspec.jobs.params.ReadoutChoices;

/**
 * What one experiment supplies to the {@link EpochDriver}: the steps of one epoch, its read-out,
 * what to keep when a read-out is kept, and its final per-node results. The driver owns the rest:
 * the read-out before training, the epoch loop, the read-out schedule, divergence, the gradient
 * target, the finishing phase, timing, the listener and the {@link RunResult}.
 */
public interface EpochRun {
    /** Epochs to train (the budget). */
    int epochs();

    /** The rate of {@code epoch} (0 on). */
    double rateAt(int epoch);

    /** When to read out and when a read-out ends the run. */
    ReadoutChoices readouts();

    /**
     * Trains epoch {@code epoch} at rate {@code lr} (with a fresh training set first if the
     * experiment draws one per epoch); false when a loss was not finite (the epoch then ends).
     */
    boolean trainEpoch(int epoch, double lr);

    /** Whether every trained weight is finite. */
    boolean weightsFinite();

    /** The read-out of the student as it is now, labelled {@code epoch}. */
    EpochReadout readOut(int epoch, double lr);

    /** The read-out just taken is kept: keep what {@link #finals} will need of the state. */
    void keep();

    /** The per-node results from the state as of the last kept read-out; {@code kept} holds every kept read-out. */
    List<LayerFinal> finals(List<EpochReadout> kept);

    /** Optimizer steps taken so far (as the experiment counts them). */
    long steps();

    /** The training set size actually used. */
    int trainSize();

    /**
     * Whether the state and the read-out before training must be finite; when not, that read-out
     * is kept whatever it holds. The two experiments have always differed here.
     */
    boolean checksBeforeTraining();

    /** The phase after the epochs of a run that neither diverged nor met its gradient target, if any. */
    Optional<FinishingPhase> finishingPhase();

    /**
     * How a run that neither diverged nor met its target during the epochs ended, from its last
     * kept read-out; {@code noDescent}: the finishing phase found no step that lowers the loss.
     */
    StopReason endedBy(EpochReadout last, boolean noDescent);

    /** A phase after the epochs (the two-layer Gauss-Newton finish). */
    interface FinishingPhase {
        /** Runs the phase and reads out after it, labelling that read-out {@code epoch}. */
        Finished run(int epoch);
    }

    /**
     * What the finishing phase did: its steps, wall time, whether it ended because no step lowered
     * the loss, and the read-out after it (training side included).
     */
    record Finished(int iterations, double seconds, boolean noDescent, EpochReadout readout) {
    }
}
