package org.reluspec.jobs.data;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.reluspec.jobs.rng.Rng;

/**
 * Distinct weight vectors whose entries come from the reference's choice set
 * {-1, -0.75, ..., 0.75, 1}; the all-zero vector is excluded, a duplicate is drawn again.
 */
public final class ChoiceVectors {
    private static final double[] CHOICES = {-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0};

    private ChoiceVectors() {
    }

    /** {@code count} distinct vectors of length {@code dim}, drawn entry by entry from {@code rng}. */
    public static double[][] distinct(Rng rng, int count, int dim) {
        double[][] out = new double[count][];
        Set<String> seen = new HashSet<>();
        seen.add(Arrays.toString(new double[dim]));
        for (int i = 0; i < count; i++) {
            double[] v = new double[dim];
            do {
                for (int j = 0; j < dim; j++) {
                    v[j] = CHOICES[rng.nextInt(CHOICES.length)];
                }
            } while (!seen.add(Arrays.toString(v)));
            out[i] = v;
        }
        return out;
    }

    public static boolean isChoice(double v) {
        return Arrays.binarySearch(CHOICES, v) >= 0;
    }
}
