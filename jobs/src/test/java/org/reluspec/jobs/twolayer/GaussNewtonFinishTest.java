package org.reluspec.jobs.twolayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.Specs;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.Status;
import org.reluspec.jobs.run.StopReason;

class GaussNewtonFinishTest {

    /** The cell: d=16 m=2 multi=2 c=10 on 600 theory-suggested samples, a short SGD start. */
    private static RunSpec cell(Object... extra) {
        Object[] base = {"d", 16, "m", 2, "multi", 2, "c", 10, "N_train", 600, "N_eval", 500,
            "theory_suggest_train", true, "use_sgd", true, "batchsize", 16, "lr", "0.01",
            "num_epoch", 2, "num_iter_per_epoch", 2000, "stop_grad_norm", 1e-10, "seed", 3};
        return Specs.of(base, extra);
    }

    private static double worstAngle(RunResult r) {
        return Arrays.stream(r.layers().get(0).bestAngle()).max().getAsDouble();
    }

    @Test
    void bothSolversDriveARealizableProblemToTheTargetAndRecoverTheTeacher() {
        for (String method : new String[] {"levenberg_marquardt", "gauss_newton_cg"}) {
            RunResult r = Runner.run(cell("finish", method));
            EpochReadout last = r.last();
            assertEquals(Status.OK, r.status(), method);
            assertEquals(StopReason.GRADIENT_TARGET, r.stoppedBy(), method);
            assertTrue(last.maxSampleGradNorm() < 1e-10, method + ": " + last.maxSampleGradNorm());
            assertTrue(r.finishIterations() > 0, method);
            // The read-out after SGD alone was far from it (the finish did the work).
            assertTrue(r.epochs().get(r.epochs().size() - 2).maxSampleGradNorm() > 1e-4, method);
            assertTrue(worstAngle(r) < 1e-4, method + ": worst angle " + worstAngle(r));
            assertTrue(last.evalLoss() < 1e-16, method + ": eval loss " + last.evalLoss());
        }
    }

    @Test
    void withoutAFinishTheSameRunEndsAtItsBudget() {
        RunResult r = Runner.run(cell());
        assertEquals(StopReason.BUDGET, r.stoppedBy());
        assertEquals(0, r.finishIterations());
        assertTrue(r.last().maxSampleGradNorm() > 1e-4);
    }

    @Test
    void theFinishIsDeterministic() {
        for (String method : new String[] {"levenberg_marquardt", "gauss_newton_cg"}) {
            RunResult a = Runner.run(cell("finish", method, "num_epoch", 1, "num_iter_per_epoch", 500));
            RunResult b = Runner.run(cell("finish", method, "num_epoch", 1, "num_iter_per_epoch", 500));
            assertEquals(a.finishIterations(), b.finishIterations());
            assertEquals(a.epochs().size(), b.epochs().size());
            for (int e = 0; e < a.epochs().size(); e++) {
                EpochReadout x = a.epochs().get(e);
                EpochReadout y = b.epochs().get(e);
                assertEquals(Double.doubleToLongBits(x.trainLoss()), Double.doubleToLongBits(y.trainLoss()));
                assertEquals(Double.doubleToLongBits(x.maxSampleGradNorm()),
                        Double.doubleToLongBits(y.maxSampleGradNorm()));
                assertEquals(Arrays.toString(x.gradNorms()), Arrays.toString(y.gradNorms()));
            }
            assertEquals(Arrays.toString(a.layers().get(0).studentFanout()),
                    Arrays.toString(b.layers().get(0).studentFanout()));
        }
    }

    /**
     * A student that misses a teacher node: node 0 is teacher node 0, node 1 is dead (w = 0,
     * b = -1: its ReLU is off on every sample, so no gradient ever reaches it). The finish
     * converges to the best one-node fit, a critical point with non-zero residuals.
     */
    @Test
    void aStudentMissingATeacherNodeIsStalledNotAtTheTarget() {
        RunSpec spec = Specs.of("d", 6, "m", 2, "multi", 1, "c", 4, "N_train", 300, "N_eval", 300,
                "num_epoch", 1, "num_iter_per_epoch", 1, "stop_grad_norm", 1e-4, "finish", "levenberg_marquardt",
                "finish_from_start", true, "finish_iterations", 200, "seed", 5);
        TwoLayerRun run = new TwoLayerRun(spec);
        TwoLayerNet s = run.student;
        TwoLayerNet t = run.teacher;
        for (int k = 0; k <= t.inputs; k++) {
            s.w1.set(k, 0, t.w1.get(k, 0));
            s.w1.set(k, 1, k == t.inputs ? -1.0 : 0.0);
        }
        for (int o = 0; o < t.outputs; o++) {
            s.w2.set(0, o, t.w2.get(0, o));
            s.w2.set(1, o, 0.0);
            s.w2.set(2, o, t.w2.get(2, o));
        }
        RunResult r = run.train(e -> { }, System.nanoTime());
        EpochReadout last = r.last();
        assertEquals(StopReason.STALLED, r.stoppedBy(), "max per-sample " + last.maxSampleGradNorm()
                + ", full-batch " + last.gradNorms()[0]);
        assertTrue(last.maxSampleGradNorm() > 1e-2, "per-sample gradients stay large: " + last.maxSampleGradNorm());
        assertTrue(last.gradNorms()[0] <= 1e-7, "full-batch gradient vanishes: " + last.gradNorms()[0]);
        assertTrue(r.layers().get(0).bestAngle()[1] > 0.3, "teacher node 1 stays uncovered");
    }

    @Test
    void combinationsTheFinishCannotHonourAreRefusedWithOneMessage() {
        Object[][] bad = {
            {"precision", "float", "precision=double"},
            {"normalize", true, "normalize=true"},
            {"feature_fixed", true, "feature_fixed=true"},
        };
        for (Object[] b : bad) {
            org.reluspec.jobs.params.SpecException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.reluspec.jobs.params.SpecException.class, () -> cell("finish", "auto", b[0], b[1]));
            assertTrue(e.getMessage().contains((String) b[2]) && !e.getMessage().contains("\n"), e.getMessage());
        }
        org.reluspec.jobs.params.SpecException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.reluspec.jobs.params.SpecException.class, () -> cell("finish_from_start", true));
        assertTrue(e.getMessage().contains("finish_from_start=true needs a finish"), e.getMessage());
        // top_layer_fixed and no_bias are honoured (the finish leaves those weights alone).
        RunResult r = Runner.run(cell("finish", "levenberg_marquardt", "top_layer_fixed", true, "no_bias", true,
                "num_epoch", 1, "num_iter_per_epoch", 200, "finish_iterations", 5));
        assertEquals(Status.OK, r.status());
    }

    @Test
    void theEndOfARunFollowsTheStallRule() {
        double target = 1e-3;
        assertEquals(StopReason.GRADIENT_TARGET, StopReason.atEnd(target, 1e-9, 1e-3, false));
        assertEquals(StopReason.STALLED, StopReason.atEnd(target, 1e-6, 2e-3, false));
        assertEquals(StopReason.BUDGET, StopReason.atEnd(target, 1.01e-6, 2e-3, false));
        assertEquals(StopReason.STALLED, StopReason.atEnd(target, 1e-2, 2e-3, true));
        assertEquals(StopReason.BUDGET, StopReason.atEnd(0, 0, 1, true), "no target: the budget ended it");
    }

    private static TwoLayerLeastSquares problem(boolean noBias, boolean topFixed) {
        RunSpec spec = Specs.of("d", 5, "m", 3, "multi", 2, "c", 4, "N_train", 40, "N_eval", 10,
                "student_scale", 0.7, "seed", 11, "no_bias", noBias, "top_layer_fixed", topFixed);
        TwoLayerRun run = new TwoLayerRun(spec);
        return new TwoLayerLeastSquares(run.student, run.xTrain, run.teacherTrainOutputs(), true, !topFixed, noBias);
    }

    private static double[] randomVector(Rng rng, TwoLayerLeastSquares ls) {
        double[] v = new double[ls.p];
        for (int i = 0; i < v.length; i++) {
            v[i] = ls.trained[i] ? rng.nextGaussian() : 0.0;
        }
        return v;
    }

    private static double[] residuals(TwoLayerLeastSquares ls, double[] theta) {
        ls.evaluate(theta);
        double[] r = new double[ls.samples * ls.c];
        ls.residuals(r);
        return r;
    }

    /** J v and J^T u against central differences of the residuals; J^T J, its products and diagonal against J. */
    @Test
    void derivativesMatchFiniteDifferences() {
        for (boolean[] flags : new boolean[][] {{false, false}, {true, false}, {false, true}}) {
            TwoLayerLeastSquares ls = problem(flags[0], flags[1]);
            Rng rng = Rng.forRole(99, org.reluspec.jobs.rng.Role.STUDENT);
            double[] theta = new double[ls.p];
            for (int i = 0; i < ls.p; i++) {
                theta[i] = rng.nextGaussian() * 0.7;
            }
            double[] v = randomVector(rng, ls);
            double step = 1e-6;
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            for (int i = 0; i < ls.p; i++) {
                plus[i] += step * v[i];
                minus[i] -= step * v[i];
            }
            double[] rp = residuals(ls, plus);
            double[] rm = residuals(ls, minus);
            double[] r0 = residuals(ls, theta);
            double[] jv = new double[r0.length];
            ls.jacobianProduct(v, jv);
            for (int q = 0; q < jv.length; q++) {
                double fd = (rp[q] - rm[q]) / (2 * step);
                assertEquals(fd, jv[q], 1e-6 * (1 + Math.abs(fd)), "J v at " + q);
            }
            // J^T u against u . (J e_i) with J e_i from finite differences, for every trained weight.
            double[] u = new double[r0.length];
            for (int q = 0; q < u.length; q++) {
                u[q] = rng.nextGaussian();
            }
            double[] jtu = new double[ls.p];
            ls.transposedProduct(u, jtu);
            double[][] columns = new double[ls.p][];
            for (int i = 0; i < ls.p; i++) {
                double[] e = new double[ls.p];
                e[i] = 1;
                double[] tp = theta.clone();
                double[] tm = theta.clone();
                tp[i] += step;
                tm[i] -= step;
                double[] a = residuals(ls, tp);
                double[] b = residuals(ls, tm);
                double[] col = new double[a.length];
                double dot = 0;
                for (int q = 0; q < a.length; q++) {
                    col[q] = (a[q] - b[q]) / (2 * step);
                    dot += u[q] * col[q];
                }
                columns[i] = col;
                double expected = ls.trained[i] ? dot : 0.0;
                assertEquals(expected, jtu[i], 1e-5 * (1 + Math.abs(expected)), "J^T u at " + i);
            }
            ls.evaluate(theta);
            double[] normal = new double[ls.p * ls.p];
            ls.normalMatrix(normal);
            double[] diag = new double[ls.p];
            ls.normalDiagonal(diag);
            double[] jtjv = new double[ls.p];
            ls.normalProduct(v, jtjv);
            for (int i = 0; i < ls.p; i++) {
                double rowTimesV = 0;
                for (int k = 0; k < ls.p; k++) {
                    if (ls.trained[i] && ls.trained[k]) {
                        double fd = 0;
                        for (int q = 0; q < r0.length; q++) {
                            fd += columns[i][q] * columns[k][q];
                        }
                        assertEquals(fd, normal[i * ls.p + k], 1e-5 * (1 + Math.abs(fd)), "J^T J at " + i + "," + k);
                        rowTimesV += normal[i * ls.p + k] * v[k];
                    }
                }
                if (ls.trained[i]) {
                    assertEquals(normal[i * ls.p + i], diag[i], 1e-12 * (1 + diag[i]), "diagonal at " + i);
                    assertEquals(rowTimesV, jtjv[i], 1e-9 * (1 + Math.abs(rowTimesV)), "J^T J v at " + i);
                } else {
                    assertEquals(0.0, jtjv[i]);
                    assertEquals(0.0, diag[i]);
                }
            }
        }
    }

    @Test
    void theGradientIsJTransposeRAndItsNormsAreTheReadoutsOnes() {
        RunSpec spec = Specs.of("d", 5, "m", 3, "multi", 2, "c", 4, "N_train", 40, "N_eval", 10,
                "student_scale", 0.7, "seed", 11);
        TwoLayerRun run = new TwoLayerRun(spec);
        TwoLayerLeastSquares ls = new TwoLayerLeastSquares(run.student, run.xTrain, run.teacherTrainOutputs(),
                true, true, false);
        double[] theta = new double[ls.p];
        ls.read(run.student, theta);
        ls.evaluate(theta);
        double[] r = new double[ls.samples * ls.c];
        ls.residuals(r);
        double[] g = new double[ls.p];
        ls.gradient(g);
        double[] jtr = new double[ls.p];
        ls.transposedProduct(r, jtr);
        for (int i = 0; i < ls.p; i++) {
            assertEquals(jtr[i], g[i], 1e-12 * (1 + Math.abs(jtr[i])));
        }
        RunResult before = run.train(e -> { }, System.nanoTime());
        EpochReadout first = before.epochs().get(0);
        assertEquals(first.maxSampleGradNorm(), ls.maxSampleGradNorm(), 1e-12 * first.maxSampleGradNorm());
        assertEquals(first.gradNorms()[0], ls.fullBatchGradNorm(), 1e-12 * first.gradNorms()[0]);
    }
}
