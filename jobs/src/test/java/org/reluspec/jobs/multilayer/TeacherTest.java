package org.reluspec.jobs.multilayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

class TeacherTest {

    private static List<Matrix> evalSet(RunSpec spec, int n) {
        List<Matrix> chunks = new ArrayList<>();
        Rng rng = Rng.forRole(spec.i("seed"), Role.EVAL_DATA);
        for (int start = 0; start < n; start += Chunks.SIZE) {
            Matrix x = Matrix.create(false, Math.min(Chunks.SIZE, n - start), spec.i("data_d"));
            Data.fill(x, rng, MultiLayerSettings.of(spec));
            chunks.add(x);
        }
        return chunks;
    }

    @Test
    void drawnRowsAreDistinctNonZeroChoiceSetVectors() {
        // 2 inputs: only 80 non-zero choice vectors exist, so 70 rows force many redraws.
        RunSpec spec = Specs.of("data_d", 2, "ks", "[70,40]", "d_output", 30);
        Network t = Teacher.create(MultiLayerSettings.of(spec), false, 8);
        Teacher.draw(t, Rng.forRole(3, Role.TEACHER));
        for (int l = 0; l < t.linearCount(); l++) {
            Linear lin = t.linear(l);
            Set<String> rows = new HashSet<>();
            for (int r = 0; r < lin.out; r++) {
                double[] row = new double[lin.in];
                lin.weight.getRow(r, row);
                boolean zero = true;
                for (double v : row) {
                    double q = v * 4;
                    assertEquals(Math.rint(q), q, 0.0, "entry " + v + " is not a multiple of 0.25");
                    assertTrue(Math.abs(v) <= 1, "entry " + v + " is outside [-1, 1]");
                    zero &= v == 0;
                }
                assertTrue(!zero, "layer " + l + " row " + r + " is the zero vector");
                assertTrue(rows.add(Arrays.toString(row)), "layer " + l + " row " + r + " repeats an earlier row");
                double b = lin.bias.get(0, r);
                assertTrue(b >= -0.5 && b <= 0.5, "bias " + b);
            }
        }
    }

    @Test
    void decayDividesFanOutColumnsAndRowsBecomeUnit() {
        RunSpec spec = Specs.of("ks", "[6,5]", "d_output", 4);
        Network t = Teacher.create(MultiLayerSettings.of(spec), false, 8);
        Teacher.draw(t, Rng.forRole(5, Role.TEACHER));
        double[][][] before = new double[t.linearCount()][][];
        for (int l = 0; l < t.linearCount(); l++) {
            before[l] = rows(t.linear(l).weight);
        }
        double p = 1.5;
        Teacher.decayAndNormalize(t, p);
        for (int l = 0; l < t.linearCount(); l++) {
            Linear lin = t.linear(l);
            double[][] after = rows(lin.weight);
            for (int r = 0; r < lin.out; r++) {
                assertEquals(1.0, Math.sqrt(lin.weight.rowSumSquares(r)), 1e-4, "layer " + l + " row " + r);
                // after = before / (1+i)^p / rowNorm (only layers above the first decay)
                double ratio = Double.NaN;
                for (int i = 0; i < lin.in; i++) {
                    if (before[l][r][i] == 0) {
                        assertEquals(0.0, after[r][i]);
                        continue;
                    }
                    double decay = l == 0 ? 1 : Math.pow(1 + i, p);
                    double k = before[l][r][i] / (after[r][i] * decay);
                    if (Double.isNaN(ratio)) {
                        ratio = k;
                    }
                    assertEquals(ratio, k, 1e-9 * Math.abs(ratio), "layer " + l + " row " + r + " column " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "teacher_bn", "leaky_bn_before"})
    void biasTuningHalvesActivityAndStandardizesOutputs(String variant) {
        RunSpec spec = switch (variant) {
            case "teacher_bn" -> Specs.of("ks", "[8,6,5]", "teacher_bn", true, "teacher_bn_affine", true,
                    "teacher_strength_decay", 1.0);
            case "leaky_bn_before" -> Specs.of("ks", "[8,6,5]", "teacher_bn", true, "bn_before_relu", true,
                    "leaky_relu", 0.2, "dataset", "uniform");
            default -> Specs.of("ks", "[8,6,5]", "teacher_strength_decay", 2.0);
        };
        int n = 3000;
        List<Matrix> eval = evalSet(spec, n);
        Network t = Teacher.build(MultiLayerSettings.of(spec), Chunks.SIZE + 1, eval);

        for (int l = 0; l < t.depth(); l++) {
            Linear lin = t.linear(l);
            int[] positive = new int[lin.out];
            Matrix z = Matrix.create(false, Chunks.SIZE + 1, lin.out);
            for (Matrix x : eval) {
                t.forward(x, x.rows(), Network.Mode.EVAL);
                lin.forward(l == 0 ? x : t.hidden.get(l - 1).out, z, x.rows());
                for (int i = 0; i < x.rows(); i++) {
                    for (int j = 0; j < lin.out; j++) {
                        positive[j] += z.get(i, j) > 0 ? 1 : 0;
                    }
                }
            }
            for (int j = 0; j < lin.out; j++) {
                double fraction = positive[j] / (double) n;
                assertEquals(0.5, fraction, 0.01, "layer " + l + " node " + j + " active on " + fraction);
            }
        }

        int c = t.output.out;
        double[] sum = new double[c];
        double[] sq = new double[c];
        for (Matrix x : eval) {
            Matrix y = t.forward(x, x.rows(), Network.Mode.EVAL);
            for (int i = 0; i < x.rows(); i++) {
                for (int o = 0; o < c; o++) {
                    sum[o] += y.get(i, o);
                    sq[o] += y.get(i, o) * y.get(i, o);
                }
            }
        }
        for (int o = 0; o < c; o++) {
            double mean = sum[o] / n;
            double var = (sq[o] - n * mean * mean) / (n - 1);
            assertEquals(0.0, mean, 1e-9, "output " + o + " mean");
            assertEquals(1.0, var, 1e-9, "output " + o + " variance");
        }
    }

    @Test
    void withoutTuningTheTeacherIsOnlyNormalized() {
        RunSpec tuned = Specs.of("ks", "[6,5]");
        RunSpec raw = tuned.with("teacher_bias_tune", false);
        Network a = MultiLayerRun.teacherOf(tuned);
        Network b = MultiLayerRun.teacherOf(raw);
        // Same draw: the first layer's weights agree, its biases differ by the median shift.
        assertTrue(Arrays.deepEquals(rows(a.linear(0).weight), rows(b.linear(0).weight)));
        assertNotEquals(a.linear(0).bias.get(0, 0), b.linear(0).bias.get(0, 0));
        for (int r = 0; r < b.output.out; r++) {
            assertEquals(1.0, Math.sqrt(b.output.weight.rowSumSquares(r)), 1e-4);
        }
    }

    static double[][] rows(Matrix m) {
        double[][] out = new double[m.rows()][m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            m.getRow(r, out[r]);
        }
        return out;
    }

    @Test
    void kthSmallestIsTheSortedArraysEntry() {
        // Few distinct values (many ties), signed zeros, odd and even lengths, every k.
        java.util.Random random = new java.util.Random(7);
        double[] values = {-0.0, 0.0, -1.5, 2.25, 1e-300, -1e-300, 3.0};
        for (int length : new int[] {1, 2, 5, 64, 101}) {
            double[] a = new double[length];
            for (int i = 0; i < length; i++) {
                a[i] = random.nextInt(3) == 0 ? values[random.nextInt(values.length)] : random.nextGaussian();
            }
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            for (int k = 0; k < length; k++) {
                double got = Teacher.kthSmallest(a.clone(), k);
                assertEquals(Double.doubleToRawLongBits(sorted[k]), Double.doubleToRawLongBits(got),
                        "length " + length + ", k " + k);
            }
        }
    }
}
