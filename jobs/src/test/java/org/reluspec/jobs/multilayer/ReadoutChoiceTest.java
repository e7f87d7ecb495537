package org.reluspec.jobs.multilayer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reluspec.jobs.run.ReadoutAssertions.assertEvaluationOnly;
import static org.reluspec.jobs.run.ReadoutAssertions.assertSameEval;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.params.SpecException;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.LayerFinal;
import org.reluspec.jobs.run.RunResult;

/**
 * readout_every and readout_train in the multi-layer experiment: they change which read-outs
 * exist, never their values or the training; at their defaults they leave the run_id as it was.
 */
class ReadoutChoiceTest {
    private static final RunSpec SPEC = Specs.of("ks", "[5,6,4]", "num_epoch", 7);

    private static void assertSameStudent(RunResult a, RunResult b) {
        assertEquals(a.steps(), b.steps());
        for (int l = 0; l < a.layers().size(); l++) {
            LayerFinal x = a.layers().get(l);
            LayerFinal y = b.layers().get(l);
            assertArrayEquals(x.studentFanout(), y.studentFanout());
            assertArrayEquals(x.studentBestCorrEval(), y.studentBestCorrEval());
        }
    }

    @Test
    void evaluationOnlyReadOutsKeepEveryEvaluationValueAndLeaveTheTrainingSideOut() {
        RunResult full = MultiLayerRun.run(SPEC, EpochListener.NONE);
        RunResult eval = MultiLayerRun.run(SPEC.with("readout_train", false), EpochListener.NONE);
        assertEquals(full.epochs().size(), eval.epochs().size());
        assertTrue(full.epochs().get(0).trainMeasured());
        for (int i = 0; i < full.epochs().size(); i++) {
            EpochReadout e = eval.epochs().get(i);
            assertSameEval(full.epochs().get(i), e);
            assertEvaluationOnly(e);
        }
        assertSameStudent(full, eval);
        assertNull(eval.layers().get(0).corrTrain());
    }

    @Test
    void everyThirdEpochReadsOutTheSameValuesAtFewerEpochsAndTheLast() {
        RunResult full = MultiLayerRun.run(SPEC, EpochListener.NONE);
        RunResult some = MultiLayerRun.run(SPEC.with("readout_every", 3), EpochListener.NONE);
        assertEquals(List.of(-1, 0, 3, 6), some.epochs().stream().map(EpochReadout::epoch).toList());
        for (EpochReadout e : some.epochs()) {
            EpochReadout f = full.epochs().get(e.epoch() + 1);
            assertSameEval(f, e);
            assertEquals(f.trainLoss(), e.trainLoss());
            assertArrayEquals(f.gradNorms(), e.gradNorms());
        }
        assertSameStudent(full, some);
    }

    @Test
    void theDefaultsLeaveTheRunIdAsBeforeAndOtherValuesChangeIt() {
        String before = SPEC.runId();
        assertEquals(before, SPEC.with(Map.of("readout_train", true, "readout_every", 1)).runId());
        assertFalse(before.equals(SPEC.with("readout_train", false).runId()));
        assertFalse(before.equals(SPEC.with("readout_every", 2).runId()));
    }

    @Test
    void theGradientStopNeedsTheTrainingSideReadOuts() {
        SpecException e = assertThrows(SpecException.class,
                () -> SPEC.with(Map.of("readout_train", false, "stop_grad_norm", 1e-3)));
        assertTrue(e.getMessage().contains("readout_train"), e.getMessage());
    }
}
