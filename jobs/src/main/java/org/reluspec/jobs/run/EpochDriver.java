package org.reluspec.jobs.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.reluspec.jobs.params.ReadoutChoices;

/**
 * The one epoch loop of every experiment: the read-out before training (epoch -1), then per
 * epoch the experiment's steps, a divergence check (non-finite loss or weights), the scheduled
 * read-out ({@link ReadoutSchedule}), divergence of the read-out and the gradient target
 * (stop_grad_norm); after the epochs the finishing phase, if the experiment has one, whose
 * read-out is labelled with the last read-out's epoch + 1. A diverged run keeps the read-outs up
 * to the last finite one, and its per-node results describe the state as of that read-out.
 */
public final class EpochDriver {
    private EpochDriver() {
    }

    /** Runs {@code run} to its end; {@code start} is when the run began (its set-up counts in the wall time). */
    public static RunResult drive(String runId, EpochRun run, EpochListener listener, long start) {
        ReadoutChoices readouts = run.readouts();
        int epochs = run.epochs();
        List<EpochReadout> kept = new ArrayList<>();
        Integer divergedAt = null;
        StopReason stoppedBy = null;
        for (int epoch = -1; epoch < epochs; epoch++) {
            double lr = run.rateAt(Math.max(epoch, 0)); // the read-out before training reports epoch 0's rate
            boolean training = epoch >= 0;
            boolean checked = training || run.checksBeforeTraining();
            boolean finiteSteps = !training || run.trainEpoch(epoch, lr);
            if (checked && !(finiteSteps && run.weightsFinite())) {
                divergedAt = epoch;
                break;
            }
            if (!ReadoutSchedule.readsOut(epoch, epochs, readouts.every())) {
                continue;
            }
            EpochReadout r = run.readOut(epoch, lr);
            if (checked && !r.finite()) {
                divergedAt = epoch;
                break;
            }
            keep(run, r, kept, listener);
            if (training && readouts.reachesTarget(r.maxSampleGradNorm())) {
                stoppedBy = StopReason.GRADIENT_TARGET;
                break;
            }
        }
        int finishIterations = 0;
        double finishSeconds = 0.0;
        if (divergedAt == null && stoppedBy == null) {
            boolean noDescent = false;
            Optional<EpochRun.FinishingPhase> phase = run.finishingPhase();
            if (phase.isPresent()) {
                EpochRun.Finished finished = phase.get().run(last(kept).epoch() + 1);
                finishIterations = finished.iterations();
                finishSeconds = finished.seconds();
                noDescent = finished.noDescent();
                if (finished.readout().finite()) {
                    keep(run, finished.readout(), kept, listener);
                } else {
                    divergedAt = finished.readout().epoch();
                }
            }
            stoppedBy = run.endedBy(last(kept), noDescent);
        }
        if (divergedAt != null) {
            stoppedBy = StopReason.DIVERGED;
        }
        List<LayerFinal> finals = kept.isEmpty() ? List.of() : run.finals(kept);
        double wall = (System.nanoTime() - start) * 1e-9;
        return new RunResult(runId, divergedAt == null ? Status.OK : Status.DIVERGED, divergedAt, stoppedBy,
                run.steps(), run.trainSize(), wall, List.copyOf(kept), finals, finishIterations, finishSeconds);
    }

    private static void keep(EpochRun run, EpochReadout r, List<EpochReadout> kept, EpochListener listener) {
        kept.add(r);
        run.keep();
        listener.onEpoch(r);
    }

    private static EpochReadout last(List<EpochReadout> kept) {
        return kept.get(kept.size() - 1);
    }
}
