package org.reluspec.jobs.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

/**
 * The float matrix is generated from the double one (jobs/pom.xml); these are the roundings the
 * generation must keep: entries stored as float, and factors rounded to float before a float
 * multiplication, where double arithmetic rounded once would give other bits.
 */
class FloatTwinTest {
    private static final int N = 64;

    private static Matrix filled(boolean fp, Rng rng) {
        Matrix m = Matrix.create(fp, 1, N);
        for (int j = 0; j < N; j++) {
            m.set(0, j, rng.nextGaussian());
        }
        return m;
    }

    @Test
    void entriesAreStoredInTheirPrecision() {
        double third = 1.0 / 3.0;
        Matrix f = Matrix.create(true, 2, 3);
        Matrix d = Matrix.create(false, 2, 3);
        f.set(1, 2, third);
        d.set(1, 2, third);
        assertEquals((double) (float) third, f.get(1, 2));
        assertEquals(third, d.get(1, 2));
        f.setRow(0, new double[] {third, third, third});
        f.setColumn(1, 2, third);
        f.setRowRange(1, 0, 1, third);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals((double) (float) third, f.get(i, j), i + "," + j);
            }
        }
        assertEquals(4, f.entryBytes());
        assertEquals(8, d.entryBytes());
    }

    @Test
    void floatScalingMultipliesByTheFactorRoundedToFloat() {
        Rng rng = Rng.forRole(9, Role.AUX);
        double s = 0.1;
        Matrix byScale = filled(true, rng);
        Matrix byRow = Matrix.create(true, 1, N);
        Matrix byColumn = Matrix.create(true, 1, N);
        byRow.copyFrom(byScale);
        byColumn.copyFrom(byScale);
        float[] before = new float[N];
        for (int j = 0; j < N; j++) {
            before[j] = (float) byScale.get(0, j);
        }
        byScale.scale(1, s);
        byRow.scaleRow(0, s);
        int roundedOnceDiffers = 0;
        for (int j = 0; j < N; j++) {
            byColumn.scaleColumn(j, 0, 1, s);
            float expected = before[j] * (float) s;
            assertEquals(expected, (float) byScale.get(0, j), "scale " + j);
            assertEquals(expected, (float) byRow.get(0, j), "scaleRow " + j);
            assertEquals(expected, (float) byColumn.get(0, j), "scaleColumn " + j);
            if ((float) (before[j] * s) != expected) {
                roundedOnceDiffers++;
            }
        }
        // The data tell the two roundings apart, so the check above can fail.
        assertTrue(roundedOnceDiffers > 0, "no entry where the two roundings differ");
    }

    @Test
    void floatScaleAddRoundsBothFactorsToFloat() {
        Rng rng = Rng.forRole(10, Role.AUX);
        Matrix y = filled(true, rng);
        Matrix x = filled(true, rng);
        double alpha = 0.9;
        double beta = -0.01;
        float[] expected = new float[N];
        int roundedOnceDiffers = 0;
        for (int j = 0; j < N; j++) {
            expected[j] = (float) alpha * (float) y.get(0, j) + (float) beta * (float) x.get(0, j);
            if ((float) (alpha * y.get(0, j) + beta * x.get(0, j)) != expected[j]) {
                roundedOnceDiffers++;
            }
        }
        assertTrue(roundedOnceDiffers > 0, "no entry where the two roundings differ");
        y.scaleAdd(alpha, beta, x);
        for (int j = 0; j < N; j++) {
            assertEquals(expected[j], (float) y.get(0, j), "scaleAdd " + j);
        }
    }

    /** Special values for one entry in twenty, a Gaussian otherwise. */
    private static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE,
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-30f, 3f};

    private static float entry(Rng rng) {
        return rng.nextInt(20) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) rng.nextGaussian();
    }

    /**
     * The float update {@code a += alpha * x} takes a double alpha: every entry must be computed in
     * double and rounded once to float, on any range, with the special values, and after the JIT
     * has compiled the loop (the calls are repeated).
     */
    @Test
    void floatAxpyComputesInDoubleAndRoundsOnce() {
        Rng rng = Rng.forRole(11, Role.AUX);
        double[] alphas = {-0.01, 1.0 / 3.0, -1e-40, 1e30, 0.0};
        int roundedInFloatDiffers = 0;
        for (int call = 0; call < 20_000; call++) {
            int n = rng.nextInt(call % 2 == 0 ? 70 : 700); // short ranges stay scalar, long ones are vectorized
            int from = n == 0 ? 0 : rng.nextInt(n);
            int to = from + rng.nextInt(n - from + 1);
            double alpha = call % 7 == 0 ? alphas[call / 7 % alphas.length] : rng.nextGaussian();
            Matrix a = Matrix.create(true, 1, n);
            Matrix x = Matrix.create(true, 1, n);
            float[] expected = new float[n];
            for (int j = 0; j < n; j++) {
                float aj = entry(rng);
                float xj = entry(rng);
                a.set(0, j, aj);
                x.set(0, j, xj);
                boolean updated = j >= from && j < to;
                expected[j] = updated ? (float) (aj + alpha * xj) : aj;
                if (updated && Float.floatToIntBits(expected[j]) != Float.floatToIntBits(aj + (float) alpha * xj)) {
                    roundedInFloatDiffers++;
                }
            }
            a.axpy(alpha, x, from, to);
            for (int j = 0; j < n; j++) {
                // Bits, so -0 is told from 0; any NaN stands for NaN (Java leaves a NaN's payload to the machine).
                assertEquals(Float.floatToIntBits(expected[j]), Float.floatToIntBits((float) a.get(0, j)),
                        "call " + call + ", entry " + j + " of [" + from + ", " + to + ")");
            }
        }
        // Updated entries tell double arithmetic from float arithmetic, so the check above can fail.
        assertTrue(roundedInFloatDiffers > 0, "no updated entry where float arithmetic differs");
    }
}
