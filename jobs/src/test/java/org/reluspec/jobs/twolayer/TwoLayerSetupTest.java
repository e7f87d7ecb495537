package org.reluspec.jobs.twolayer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.Specs;
import org.reluspec.jobs.data.ChoiceVectors;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

/** Teacher, student and data construction, checked against the reference's definitions. */
class TwoLayerSetupTest {

    private static RunSpec spec(Object... kv) {
        return Specs.of(kv);
    }

    @Test
    void teacherHiddenWeightsAreDistinctChoiceVectorsScaledToUnitNormWithTheGivenBias() {
        RunSpec s = spec("d", 6, "m", 8, "c", 5, "bias", -0.3, "teacher_strength_decay", 0.0);
        TwoLayerNet t = TwoLayerTeacher.build(TwoLayerSettings.of(s));
        Set<String> directions = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            double sq = t.w1.columnSumSquares(i, 0, 6);
            assertEquals(1.0, sq, 1e-12, "unit norm of node " + i);
            assertEquals(-0.3, t.w1.get(6, i));
            // Undo the normalization: the smallest non-zero |entry| scaled to a multiple of 0.25.
            double[] w = new double[6];
            double min = Double.MAX_VALUE;
            for (int k = 0; k < 6; k++) {
                w[k] = t.w1.get(k, i);
                if (w[k] != 0) {
                    min = Math.min(min, Math.abs(w[k]));
                }
            }
            StringBuilder key = new StringBuilder();
            for (int k = 0; k < 6; k++) {
                key.append(Math.round(w[k] / min * 1000)).append(',');
            }
            directions.add(key.toString());
        }
        assertEquals(8, directions.size(), "distinct hidden directions");
        // Output weights are choice-set values (p = 0), one distinct vector per output, bias -0.3.
        Set<String> outputs = new HashSet<>();
        for (int o = 0; o < 5; o++) {
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                assertTrue(ChoiceVectors.isChoice(t.w2.get(i, o)));
                key.append(t.w2.get(i, o)).append(',');
            }
            outputs.add(key.toString());
            assertEquals(-0.3, t.w2.get(8, o));
        }
        assertEquals(5, outputs.size());
    }

    @Test
    void strengthDecayDividesTheFanOutOfNodeIByIPlusOneToThePowerP() {
        TwoLayerNet flat = TwoLayerTeacher.build(
                TwoLayerSettings.of(spec("d", 5, "m", 6, "c", 4, "teacher_strength_decay", 0.0)));
        TwoLayerNet decayed = TwoLayerTeacher.build(
                TwoLayerSettings.of(spec("d", 5, "m", 6, "c", 4, "teacher_strength_decay", 1.5)));
        for (int i = 0; i < 6; i++) {
            for (int o = 0; o < 4; o++) {
                assertEquals(flat.w2.get(i, o) / Math.pow(i + 1, 1.5), decayed.w2.get(i, o), 1e-15);
            }
        }
        assertArrayEquals(new double[] {flat.w1.get(0, 0), flat.w1.get(3, 5)},
                new double[] {decayed.w1.get(0, 0), decayed.w1.get(3, 5)});
    }

    @Test
    void noBiasZeroesTheTeachersBiases() {
        TwoLayerNet t = TwoLayerTeacher.build(TwoLayerSettings.of(spec("d", 5, "m", 3, "c", 2, "no_bias", true)));
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, t.w1.get(5, i));
        }
        assertEquals(0.0, t.w2.get(3, 0));
    }

    @Test
    void studentStartsWithSmallGaussianWeightsAndZeroBiases() {
        RunSpec s = spec("d", 30, "m", 10, "multi", 10, "c", 50, "student_scale", 0.005);
        TwoLayerNet st = TwoLayerRun.initialStudent(TwoLayerSettings.of(s));
        assertEquals(100, st.hidden);
        double sum = 0;
        double sq = 0;
        int count = 0;
        for (int k = 0; k < 30; k++) {
            for (int j = 0; j < 100; j++) {
                sum += st.w1.get(k, j);
                sq += st.w1.get(k, j) * st.w1.get(k, j);
                count++;
            }
        }
        double sd = Math.sqrt(sq / count - (sum / count) * (sum / count));
        assertEquals(0.005, sd, 0.0003, "standard deviation of 3000 draws");
        for (int j = 0; j < 100; j++) {
            assertEquals(0.0, st.w1.get(30, j));
            assertEquals(0.0, st.w2.get(100, 0));
        }
    }

    @Test
    void theorySuggestedSetHoldsThreeCopiesPerNodeOnAndAcrossEachHyperplaneAtTheGivenNorm() {
        // With zero bias the hyperplanes pass through the origin, so the final rescaling keeps
        // projected points on them and shifted copies on their sides.
        RunSpec s = spec("d", 7, "m", 3, "c", 4, "bias", 0.0, "N_train", 100, "data_std", 2.0,
                "theory_suggest_train", true, "theory_suggest_mean", 1.0, "theory_suggest_sigma", 1.0);
        TwoLayerNet t = TwoLayerTeacher.build(TwoLayerSettings.of(s));
        Matrix x = TheoryDataset.build(Rng.forRole(1, Role.TRAIN_DATA), t, 100, 2.0, 1.0, 1.0, false);
        int perNode = (int) Math.ceil(100 / 9.0);
        assertEquals(9 * perNode, x.rows());
        for (int r = 0; r < x.rows(); r++) {
            assertEquals(2.0 * Math.sqrt(7), Math.sqrt(x.rowSumSquares(r) - 1.0), 1e-12);
            assertEquals(1.0, x.get(r, 7));
        }
        for (int i = 0; i < 3; i++) {
            int base = i * 3 * perNode;
            for (int r = 0; r < perNode; r++) {
                double on = dot(x, base + r, t, i);
                double plus = dot(x, base + perNode + r, t, i);
                double minus = dot(x, base + 2 * perNode + r, t, i);
                assertEquals(0.0, on, 1e-12, "projected point on hyperplane of node " + i);
                assertTrue(plus > 0.1 && minus < -0.1, "shifted copies on both sides: " + plus + " " + minus);
            }
        }
    }

    private static double dot(Matrix x, int row, TwoLayerNet t, int node) {
        double s = 0;
        for (int k = 0; k <= t.inputs; k++) {
            s += x.get(row, k) * t.w1.get(k, node);
        }
        return s;
    }

    @Test
    void differentSeedsGiveDifferentTeachers() {
        TwoLayerNet a = TwoLayerTeacher.build(TwoLayerSettings.of(spec("seed", 1)));
        TwoLayerNet b = TwoLayerTeacher.build(TwoLayerSettings.of(spec("seed", 2)));
        assertNotEquals(a.w1.get(0, 0) + 2 * a.w1.get(1, 0), b.w1.get(0, 0) + 2 * b.w1.get(1, 0));
    }
}
