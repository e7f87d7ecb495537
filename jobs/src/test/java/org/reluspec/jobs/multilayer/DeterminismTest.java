package org.reluspec.jobs.multilayer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.LayerEpoch;
import org.reluspec.jobs.run.LayerFinal;
import org.reluspec.jobs.run.RunResult;

class DeterminismTest {

    @Test
    void twoCallsGiveBitIdenticalReadouts() {
        for (RunSpec spec : new RunSpec[] {
            Specs.of("num_epoch", 3, "lr", "0.05"),
            Specs.of("num_epoch", 3, "lr", "0.05", "bn", true, "bn_affine", true, "regen_dataset_each_epoch", true,
                    "precision", "float", "optim_method", "adam")}) {
            RunResult a = MultiLayerRun.run(spec, EpochListener.NONE);
            RunResult b = MultiLayerRun.run(spec, EpochListener.NONE);
            assertSame(a, b);
        }
    }

    @Test
    void theSeedChangesTheRun() {
        RunResult a = MultiLayerRun.run(Specs.of("num_epoch", 1), EpochListener.NONE);
        RunResult b = MultiLayerRun.run(Specs.of("num_epoch", 1, "seed", 2), EpochListener.NONE);
        assertFalse(a.last().evalLoss() == b.last().evalLoss());
    }

    @Test
    void changingNodeMultiKeepsTheTeacherAndTheData() {
        // A student scaled down to near-zero outputs, so that its initial loss shows the teacher's scale.
        RunSpec narrow = Specs.of("node_multi", 1, "num_epoch", 1, "student_scale_down", 0.1);
        RunSpec wide = narrow.with("node_multi", 3);
        Network t1 = MultiLayerRun.teacherOf(narrow);
        Network t3 = MultiLayerRun.teacherOf(wide);
        for (int l = 0; l < t1.linearCount(); l++) {
            assertTrue(Arrays.deepEquals(TeacherTest.rows(t1.linear(l).weight), TeacherTest.rows(t3.linear(l).weight)));
            assertTrue(Arrays.deepEquals(TeacherTest.rows(t1.linear(l).bias), TeacherTest.rows(t3.linear(l).bias)));
        }
        // Teacher-side outputs on fresh inputs, and teacher-side read-outs of the runs.
        Matrix x = Matrix.create(false, 50, narrow.i("data_d"));
        Data.fill(x, Rng.forRole(9, Role.AUX), MultiLayerSettings.of(narrow));
        assertTrue(Arrays.deepEquals(TeacherTest.rows(copy(t1.forward(x, 50, Network.Mode.EVAL))),
                TeacherTest.rows(copy(t3.forward(x, 50, Network.Mode.EVAL)))));
        RunResult r1 = MultiLayerRun.run(narrow, EpochListener.NONE);
        RunResult r3 = MultiLayerRun.run(wide, EpochListener.NONE);
        for (int l = 0; l < r1.layers().size(); l++) {
            assertArrayEquals(r1.layers().get(l).teacherFanout(), r3.layers().get(l).teacherFanout());
        }
        // The student's initial loss differs, but both are ~1: the teacher outputs are standardized
        // on the same evaluation data.
        assertEquals(r1.epochs().get(0).evalLoss(), r3.epochs().get(0).evalLoss(), 0.05);
    }

    private static Matrix copy(Matrix m) {
        Matrix c = Matrix.create(false, m.rows(), m.cols());
        c.copyFrom(m);
        return c;
    }

    /** Every read-out bit for bit, except the wall time. */
    static void assertSame(RunResult a, RunResult b) {
        assertEquals(a.runId(), b.runId());
        assertEquals(a.status(), b.status());
        assertEquals(a.divergedEpoch(), b.divergedEpoch());
        assertEquals(a.steps(), b.steps());
        assertEquals(a.nTrain(), b.nTrain());
        assertEquals(a.epochs().size(), b.epochs().size());
        for (int e = 0; e < a.epochs().size(); e++) {
            EpochReadout x = a.epochs().get(e);
            EpochReadout y = b.epochs().get(e);
            assertEquals(x.epoch(), y.epoch());
            assertEquals(Double.doubleToLongBits(x.lr()), Double.doubleToLongBits(y.lr()));
            assertEquals(Double.doubleToLongBits(x.trainLoss()), Double.doubleToLongBits(y.trainLoss()));
            assertEquals(Double.doubleToLongBits(x.evalLoss()), Double.doubleToLongBits(y.evalLoss()));
            assertEquals(Double.doubleToLongBits(x.maxSampleGradNorm()), Double.doubleToLongBits(y.maxSampleGradNorm()));
            assertTrue(Arrays.equals(x.gradNorms(), y.gradNorms()));
            for (int l = 0; l < x.layers().size(); l++) {
                LayerEpoch p = x.layers().get(l);
                LayerEpoch q = y.layers().get(l);
                assertTrue(Arrays.equals(p.bestCorrTrain(), q.bestCorrTrain()));
                assertTrue(Arrays.equals(p.bestCorrEval(), q.bestCorrEval()));
                assertArrayEquals(p.bestStudentTrain(), q.bestStudentTrain());
                assertArrayEquals(p.bestStudentEval(), q.bestStudentEval());
            }
        }
        for (int l = 0; l < a.layers().size(); l++) {
            LayerFinal p = a.layers().get(l);
            LayerFinal q = b.layers().get(l);
            assertTrue(Arrays.equals(p.teacherFanout(), q.teacherFanout()));
            assertTrue(Arrays.equals(p.studentFanout(), q.studentFanout()));
            assertTrue(Arrays.equals(p.bestAngle(), q.bestAngle()));
            assertTrue(Arrays.deepEquals(p.corrEval(), q.corrEval()));
            assertTrue(Arrays.deepEquals(p.corrTrain(), q.corrTrain()));
            assertTrue(Arrays.deepEquals(p.firstEpoch(), q.firstEpoch()));
        }
    }
}
