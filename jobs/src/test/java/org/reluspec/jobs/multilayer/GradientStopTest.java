package org.reluspec.jobs.multilayer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.StopReason;

/** stop_grad_norm in the multi-layer experiment: the same rule and reporting as two-layer. */
class GradientStopTest {
    @Test
    void aRunStopsAfterTheFirstEpochWhoseLargestPerSampleGradientIsAtMostTheTarget() {
        RunSpec budget = Specs.of("num_epoch", 6);
        RunResult full = MultiLayerRun.run(budget, EpochListener.NONE);
        assertEquals(StopReason.BUDGET, full.stoppedBy());
        // A target between epochs: the first epoch (>= 0) at or below it, found in the full run.
        double target = full.epochs().get(3).maxSampleGradNorm();
        int expected = -1;
        for (int i = 1; i < full.epochs().size() && expected < 0; i++) {
            if (full.epochs().get(i).maxSampleGradNorm() <= target) {
                expected = full.epochs().get(i).epoch();
            }
        }
        RunResult stopped = MultiLayerRun.run(budget.with("stop_grad_norm", target), EpochListener.NONE);
        assertEquals(StopReason.GRADIENT_TARGET, stopped.stoppedBy());
        assertEquals(expected, stopped.last().epoch());
        assertEquals(full.epochs().get(expected + 1).evalLoss(), stopped.last().evalLoss());
        long stepsPerEpoch = full.steps() / 6;
        assertEquals(stepsPerEpoch * (expected + 1), stopped.steps());
    }

    @Test
    void theReadOutBeforeTrainingNeverStopsARun() {
        RunResult r = MultiLayerRun.run(Specs.of("num_epoch", 2, "stop_grad_norm", 1e300), EpochListener.NONE);
        assertEquals(StopReason.GRADIENT_TARGET, r.stoppedBy());
        assertEquals(0, r.last().epoch());
        assertEquals(2, r.epochs().size());
    }
}
