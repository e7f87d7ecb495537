package org.reluspec.driver.complexity;

import java.io.Serializable;
import java.util.Locale;

/**
 * One cell of a sample-complexity search: input dimension, teacher width, over-realization,
 * tolerance and training data. Its N* is searched over training-set sizes.
 */
public record Cell(int index, int d, int m, int multi, double eps, String data) implements Serializable {
    public static final String THEORY = "theory";
    public static final String GAUSSIAN = "gaussian";

    /** K = m + n of the bound, with n = m * multi student nodes. */
    public int k() {
        return m + m * multi;
    }

    public boolean theory() {
        return data.equals(THEORY);
    }

    /**
     * The training-set granularity: theory-augmented sets hold 3 copies of N/(3m) points per
     * teacher node, so their N is a multiple of 3m (the engine would round up anyway).
     */
    public int granularity() {
        return theory() ? 3 * m : 1;
    }

    /** {@code x} rounded up to the granularity (at least one granule). */
    public int snap(double x) {
        int g = granularity();
        long n = Math.max(1, (long) Math.ceil(x / g - 1e-9)) * g;
        return (int) Math.min(n, Integer.MAX_VALUE - g);
    }

    public String label() {
        return String.format(Locale.ROOT, "d=%d m=%d multi=%d eps=%s data=%s", d, m, multi, num(eps), data);
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
