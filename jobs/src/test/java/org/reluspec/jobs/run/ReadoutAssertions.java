package org.reluspec.jobs.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions of the read-out choice tests (readout_every, readout_train) of both experiments. */
public final class ReadoutAssertions {
    private ReadoutAssertions() {
    }

    /** The same epoch, rate and evaluation values, in every layer. */
    public static void assertSameEval(EpochReadout full, EpochReadout some) {
        assertEquals(full.epoch(), some.epoch());
        assertEquals(full.lr(), some.lr());
        assertEquals(full.evalLoss(), some.evalLoss());
        assertEquals(full.layers().size(), some.layers().size());
        for (int l = 0; l < full.layers().size(); l++) {
            LayerEpoch a = full.layers().get(l);
            LayerEpoch b = some.layers().get(l);
            assertArrayEquals(a.bestCorrEval(), b.bestCorrEval());
            assertArrayEquals(a.bestStudentEval(), b.bestStudentEval());
            assertArrayEquals(a.coveredEval(), b.coveredEval());
        }
    }

    /** A finite read-out of the evaluation set only: no training-set value in it or in any layer. */
    public static void assertEvaluationOnly(EpochReadout e) {
        assertFalse(e.trainMeasured());
        assertTrue(e.finite());
        assertTrue(Double.isNaN(e.trainLoss()) && Double.isNaN(e.maxSampleGradNorm()));
        for (LayerEpoch layer : e.layers()) {
            assertEquals(0, layer.bestCorrTrain().length);
        }
    }
}
