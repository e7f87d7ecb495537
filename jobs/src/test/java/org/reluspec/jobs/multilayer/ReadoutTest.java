package org.reluspec.jobs.multilayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.LayerFinal;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.Status;

class ReadoutTest {

    @Test
    void readoutsCoverEveryEpochWithTheScheduledRateAndLayerShapes() {
        RunSpec spec = Specs.of("ks", "[4,3,2]", "node_multi", 2, "num_epoch", 4, "lr", "{0:0.05,2:0.01}");
        java.util.List<Integer> told = new java.util.ArrayList<>();
        RunResult r = MultiLayerRun.run(spec, e -> told.add(e.epoch()));
        assertEquals(Status.OK, r.status());
        assertNull(r.divergedEpoch());
        assertEquals(java.util.List.of(-1, 0, 1, 2, 3), told);
        double[] lr = {0.05, 0.05, 0.05, 0.01, 0.01};
        for (int i = 0; i < r.epochs().size(); i++) {
            EpochReadout e = r.epochs().get(i);
            assertEquals(i - 1, e.epoch());
            assertEquals(lr[i], e.lr());
            assertEquals(4, e.gradNorms().length, "three hidden layers and the output layer");
            assertEquals(3, e.layers().size());
            assertEquals(2, e.layers().get(2).bestCorrEval().length);
        }
        int[] ks = {4, 3, 2};
        for (int l = 0; l < 3; l++) {
            LayerFinal f = r.layers().get(l);
            assertEquals(ks[l], f.teacherFanout().length);
            assertEquals(2 * ks[l], f.studentFanout().length);
            assertEquals(2 * ks[l], f.studentBestTeacherEval().length);
            assertEquals(ks[l], f.corrEval().length);
            assertEquals(2 * ks[l], f.corrEval()[0].length);
            if (l == 0) {
                assertNotNull(f.bestAngle());
                assertEquals(ks[0], f.bestAngle().length);
            } else {
                assertNull(f.bestAngle());
            }
        }
        // Teacher fan-out of the last hidden layer: columns of the output layer (unit rows, then
        // divided by the output std): all positive.
        for (double v : r.layers().get(2).teacherFanout()) {
            assertTrue(v > 0);
        }
    }

    @Test
    void fullGradientIsNoLargerThanTheLargestPerSampleGradient() {
        // Without BN the subset's mean gradient is the mean of the per-sample gradients.
        RunResult r = MultiLayerRun.run(Specs.of("num_epoch", 3, "lr", "0.05"), EpochListener.NONE);
        for (EpochReadout e : r.epochs()) {
            assertTrue(e.gradNorms()[0] > 0);
            assertTrue(e.gradNorms()[0] <= e.maxSampleGradNorm() * (1 + 1e-12),
                    "epoch " + e.epoch() + ": " + e.gradNorms()[0] + " > " + e.maxSampleGradNorm());
        }
    }

    @Test
    void aDivergingRunStopsAndKeepsItsFiniteReadouts() {
        RunResult r = MultiLayerRun.run(Specs.of("num_epoch", 20, "lr", "50"), EpochListener.NONE);
        assertEquals(Status.DIVERGED, r.status());
        assertTrue(r.divergedEpoch() >= 0 && r.divergedEpoch() < 20, "diverged at " + r.divergedEpoch());
        assertEquals(r.divergedEpoch() + 1, r.epochs().size(), "epochs -1 .. divergedEpoch - 1 are kept");
        for (EpochReadout e : r.epochs()) {
            assertTrue(e.finite());
        }
        assertTrue(r.steps() < 20L * 32);
        assertEquals(r.epochs().size() > 0 ? 2 : 0, r.layers().size());
    }

    @Test
    void aFloatRunReadsOutInDoubleAgainstTheSameTeacher() {
        RunSpec d = Specs.of("num_epoch", 2, "lr", "0.05", "bn", true);
        RunResult rd = MultiLayerRun.run(d, EpochListener.NONE);
        RunResult rf = MultiLayerRun.run(d.with("precision", "float"), EpochListener.NONE);
        // Before training the students differ only by float rounding of their initial weights.
        EpochReadout a = rd.epochs().get(0);
        EpochReadout b = rf.epochs().get(0);
        assertEquals(a.evalLoss(), b.evalLoss(), 1e-6 * a.evalLoss());
        assertEquals(a.gradNorms()[0], b.gradNorms()[0], 1e-4 * a.gradNorms()[0]);
        assertEquals(a.layers().get(0).meanBestCorrEval(), b.layers().get(0).meanBestCorrEval(), 1e-5);
        for (int l = 0; l < rd.layers().size(); l++) {
            assertTrue(java.util.Arrays.equals(rd.layers().get(l).teacherFanout(), rf.layers().get(l).teacherFanout()));
        }
        assertEquals(rd.last().evalLoss(), rf.last().evalLoss(), 1e-2 * rd.last().evalLoss());
    }

    @Test
    void gradNormsPredictTheLossDecreaseOfOneFullBatchStep() {
        // One epoch = one full-batch SGD step on exactly the read-out subset (500 <= N_eval), so to
        // first order the training loss drops by lr * sum_k ||grad_k||^2.
        double lr = 1e-3;
        RunSpec spec = Specs.of("random_dataset_size", 500, "batchsize", 500, "num_epoch", 1,
                "lr", Double.toString(lr), "student_scale_down", 1.0);
        RunResult r = MultiLayerRun.run(spec, EpochListener.NONE);
        EpochReadout before = r.epochs().get(0);
        EpochReadout after = r.epochs().get(1);
        double g2 = 0;
        for (double g : before.gradNorms()) {
            g2 += g * g;
        }
        double predicted = lr * g2;
        double actual = before.trainLoss() - after.trainLoss();
        assertEquals(1L, r.steps());
        assertEquals(predicted, actual, 0.02 * predicted, "predicted " + predicted + " actual " + actual);
    }
}
