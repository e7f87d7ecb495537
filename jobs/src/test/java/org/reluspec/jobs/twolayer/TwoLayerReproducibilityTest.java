package org.reluspec.jobs.twolayer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reluspec.jobs.Specs;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.Status;
import org.reluspec.jobs.run.StopReason;

class TwoLayerReproducibilityTest {

    private static RunSpec small(Object... extra) {
        Object[] base = {"d", 8, "m", 4, "multi", 3, "c", 5, "N_train", 300, "N_eval", 200,
            "num_epoch", 3, "num_iter_per_epoch", 50, "batchsize", 8, "use_sgd", true, "seed", 7};
        return Specs.of(base, extra);
    }

    /** Every number of the result, as bits, in order. */
    private static String fingerprint(RunResult r) {
        StringBuilder b = new StringBuilder(r.status() + "/" + r.steps() + "/" + r.nTrain());
        for (EpochReadout e : r.epochs()) {
            b.append('|').append(e.epoch()).append(':').append(Double.doubleToLongBits(e.trainLoss()))
                    .append(',').append(Double.doubleToLongBits(e.evalLoss()))
                    .append(',').append(Double.doubleToLongBits(e.maxSampleGradNorm()));
            for (double g : e.gradNorms()) {
                b.append(',').append(Double.doubleToLongBits(g));
            }
            for (double c : e.layers().get(0).bestCorrEval()) {
                b.append(',').append(Double.doubleToLongBits(c));
            }
            for (double c : e.layers().get(0).bestCorrTrain()) {
                b.append(',').append(Double.doubleToLongBits(c));
            }
        }
        for (double[] row : r.layers().get(0).corrEval()) {
            for (double c : row) {
                b.append(',').append(Double.doubleToLongBits(c));
            }
        }
        for (double f : r.layers().get(0).studentFanout()) {
            b.append(',').append(Double.doubleToLongBits(f));
        }
        return b.toString();
    }

    @Test
    void theSameSpecGivesBitIdenticalReadouts() {
        assertEquals(fingerprint(Runner.run(small())), fingerprint(Runner.run(small())));
        assertEquals(fingerprint(Runner.run(small("precision", "float"))),
                fingerprint(Runner.run(small("precision", "float"))));
        assertEquals(fingerprint(Runner.run(small("use_sgd", false, "num_iter_per_epoch", 5))),
                fingerprint(Runner.run(small("use_sgd", false, "num_iter_per_epoch", 5))));
    }

    @Test
    void anotherSeedGivesAnotherRun() {
        assertNotEquals(fingerprint(Runner.run(small())), fingerprint(Runner.run(small("seed", 8))));
    }

    @Test
    void changingOnlyTheStudentWidthKeepsTeacherAndData() {
        TwoLayerRun narrow = new TwoLayerRun(small("multi", 1));
        TwoLayerRun wide = new TwoLayerRun(small("multi", 10));
        assertSame(narrow.teacher.w1, wide.teacher.w1);
        assertSame(narrow.teacher.w2, wide.teacher.w2);
        assertSame(narrow.xTrain, wide.xTrain);
        assertSame(narrow.xEval, wide.xEval);
        assertEquals(4, narrow.student.hidden);
        assertEquals(40, wide.student.hidden);
        // The theory-suggested set too.
        TwoLayerRun a = new TwoLayerRun(small("multi", 2, "theory_suggest_train", true));
        TwoLayerRun b = new TwoLayerRun(small("multi", 5, "theory_suggest_train", true));
        assertSame(a.xTrain, b.xTrain);
    }

    private static void assertSame(Matrix a, Matrix b) {
        assertEquals(a.rows(), b.rows());
        double[] ra = new double[a.cols()];
        double[] rb = new double[b.cols()];
        for (int r = 0; r < a.rows(); r++) {
            a.getRow(r, ra);
            b.getRow(r, rb);
            assertArrayEquals(ra, rb, "row " + r);
        }
    }

    @Test
    void aDivergingRunIsRecordedWithItsEpochNotThrown() {
        RunResult r = Runner.run(small("lr", 50.0, "student_scale", 1.0, "num_epoch", 5));
        assertEquals(Status.DIVERGED, r.status());
        assertEquals(StopReason.DIVERGED, r.stoppedBy());
        assertTrue(r.divergedEpoch() >= 0 && r.divergedEpoch() < 5, "epoch " + r.divergedEpoch());
        assertEquals(r.divergedEpoch(), r.epochs().size() - 1, "read-outs kept up to the last finite epoch");
        for (EpochReadout e : r.epochs()) {
            assertTrue(e.finite());
        }
    }

    @Test
    void trainingStopsOnceEverySamplesGradientIsUnderTheTarget() {
        RunResult full = Runner.run(small("num_epoch", 30));
        assertEquals(StopReason.BUDGET, full.stoppedBy());
        // A target between the gradient after epoch 3 and the smallest one reached: stop where
        // the read-outs first fall under it.
        double target = full.epochs().get(4).maxSampleGradNorm();
        int firstUnder = -2;
        for (EpochReadout e : full.epochs()) {
            if (e.epoch() >= 0 && e.maxSampleGradNorm() <= target) {
                firstUnder = e.epoch();
                break;
            }
        }
        RunResult stopped = Runner.run(small("num_epoch", 30, "stop_grad_norm", target));
        assertEquals(StopReason.GRADIENT_TARGET, stopped.stoppedBy());
        assertEquals(firstUnder, stopped.last().epoch());
        assertEquals((firstUnder + 1) * 50L, stopped.steps());
    }

    @Test
    void regeneratedTrainingSetsChangeTheTrainingDataButNotTheEvaluationSet() {
        RunResult fixed = Runner.run(small());
        RunResult regen = Runner.run(small("regen_dataset", true));
        // Epoch 0 trains on the same first set; afterwards the training sets differ.
        assertEquals(fixed.epochs().get(1).evalLoss(), regen.epochs().get(1).evalLoss());
        assertNotEquals(fixed.epochs().get(2).trainLoss(), regen.epochs().get(2).trainLoss());
    }
}
