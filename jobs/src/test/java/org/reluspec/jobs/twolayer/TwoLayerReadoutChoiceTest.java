package org.reluspec.jobs.twolayer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.reluspec.jobs.run.ReadoutAssertions.assertEvaluationOnly;
import static org.reluspec.jobs.run.ReadoutAssertions.assertSameEval;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.Specs;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.params.SpecException;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.LayerFinal;
import org.reluspec.jobs.run.RunResult;

/**
 * What a sweep reads out (readout_every, readout_train) changes which read-outs exist, never their
 * values or the training; and the largest per-sample gradient norm of the lowest layer, computed
 * as ||x_i|| ||delta_i||, is the norm of the per-sample gradient by finite differences.
 */
class TwoLayerReadoutChoiceTest {
    private static final RunSpec SPEC = Specs.of("d", 5, "m", 3, "multi", 2, "c", 4,
            "N_train", 60, "N_eval", 50, "num_epoch", 7, "num_iter_per_epoch", 30, "batchsize", 4,
            "use_sgd", true, "lr", 0.05, "student_scale", 0.3);

    private static EpochReadout at(RunResult r, int epoch) {
        return r.epochs().stream().filter(e -> e.epoch() == epoch).findFirst().orElseThrow();
    }

    @Test
    void everyThirdEpochReadsOutTheSameValuesAtFewerEpochsAndTheLast() {
        RunResult full = TwoLayerRun.run(SPEC, EpochListener.NONE);
        RunResult some = TwoLayerRun.run(SPEC.with("readout_every", 3), EpochListener.NONE);
        assertEquals(List.of(-1, 0, 3, 6), some.epochs().stream().map(EpochReadout::epoch).toList());
        for (EpochReadout e : some.epochs()) {
            EpochReadout f = at(full, e.epoch());
            assertSameEval(f, e);
            assertEquals(f.trainLoss(), e.trainLoss());
            assertArrayEquals(f.gradNorms(), e.gradNorms());
            assertEquals(f.maxSampleGradNorm(), e.maxSampleGradNorm());
        }
        assertEquals(full.steps(), some.steps());
        LayerFinal a = full.layers().get(0);
        LayerFinal b = some.layers().get(0);
        assertArrayEquals(a.studentFanout(), b.studentFanout());
        assertArrayEquals(a.bestAngle(), b.bestAngle());
        // First epochs are taken from the epochs read out: never earlier than with every epoch.
        for (int i = 0; i < a.firstEpoch().length; i++) {
            for (int t = 0; t < a.firstEpoch()[i].length; t++) {
                assertTrue(b.firstEpoch()[i][t] >= a.firstEpoch()[i][t]);
            }
        }
    }

    @Test
    void evaluationOnlyReadOutsKeepEveryEvaluationValueAndLeaveTheTrainingSideOut() {
        RunResult full = TwoLayerRun.run(SPEC, EpochListener.NONE);
        RunResult eval = TwoLayerRun.run(SPEC.with("readout_train", false), EpochListener.NONE);
        assertEquals(full.epochs().size(), eval.epochs().size());
        for (int i = 0; i < full.epochs().size(); i++) {
            EpochReadout e = eval.epochs().get(i);
            assertSameEval(full.epochs().get(i), e);
            assertEvaluationOnly(e);
        }
        assertTrue(full.epochs().get(0).trainMeasured());
        assertArrayEquals(full.layers().get(0).studentBestCorrEval(), eval.layers().get(0).studentBestCorrEval());
    }

    @Test
    void theGradientStopNeedsTheTrainingSideReadOuts() {
        SpecException e = assertThrows(SpecException.class,
                () -> SPEC.with(java.util.Map.of("readout_train", false, "stop_grad_norm", 1e-3)));
        assertTrue(e.getMessage().contains("readout_train"), e.getMessage());
    }

    @Test
    void largestPerSampleGradientNormIsTheFiniteDifferenceGradientsNorm() {
        TwoLayerRun run = new TwoLayerRun(SPEC.with("num_epoch", 1));
        RunResult result = run.train(EpochListener.NONE, System.nanoTime());
        TwoLayerNet t = run.teacher;
        TwoLayerNet s = run.student;
        double[][] tTrain = TwoLayerReadoutTest.hidden(t, run.xTrain);
        double h = 1e-6;
        double max = 0;
        for (int r = 0; r < run.xTrain.rows(); r++) {
            double[] yt = TwoLayerReadoutTest.output(t, tTrain[r]);
            double sq = 0;
            // d/dW1 of 0.5 ||y_t - y_s||^2 for this sample, entry by entry (bias row included).
            for (int k = 0; k <= s.inputs; k++) {
                for (int j = 0; j < s.hidden; j++) {
                    double w = s.w1.get(k, j);
                    s.w1.set(k, j, w + h);
                    double up = sampleLoss(s, run, r, yt);
                    s.w1.set(k, j, w - h);
                    double down = sampleLoss(s, run, r, yt);
                    s.w1.set(k, j, w);
                    double g = (up - down) / (2 * h);
                    sq += g * g;
                }
            }
            max = Math.max(max, Math.sqrt(sq));
        }
        double readout = result.last().maxSampleGradNorm();
        assertTrue(max > 1e-3, "a gradient worth comparing: " + max);
        assertEquals(max, readout, 1e-6 * max);
    }

    private static double sampleLoss(TwoLayerNet s, TwoLayerRun run, int r, double[] yt) {
        double[] hs = new double[s.hidden];
        for (int j = 0; j < s.hidden; j++) {
            double z = 0;
            for (int k = 0; k <= s.inputs; k++) {
                z += run.xTrain.get(r, k) * s.w1.get(k, j);
            }
            hs[j] = Math.max(0, z);
        }
        double[] ys = TwoLayerReadoutTest.output(s, hs);
        double l = 0;
        for (int o = 0; o < ys.length; o++) {
            l += 0.5 * (yt[o] - ys[o]) * (yt[o] - ys[o]);
        }
        return l;
    }
}
