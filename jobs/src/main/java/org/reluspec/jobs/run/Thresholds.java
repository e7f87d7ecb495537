package org.reluspec.jobs.run;

import java.util.List;

/** Correlation thresholds at which teacher nodes count as covered (the reference's). */
public final class Thresholds {
    public static final double[] VALUES = {0.5, 0.6, 0.7, 0.8, 0.9, 0.95};
    /** Column-name suffixes, e.g. {@code covered_eval_095}. */
    public static final List<String> SUFFIXES = List.of("050", "060", "070", "080", "090", "095");
    /** Index of 0.95, the paper's success criterion. */
    public static final int I95 = 5;

    private Thresholds() {
    }

    /** Teacher nodes whose best correlation is at least {@code threshold}. */
    public static int covered(double[] bestCorr, double threshold) {
        int n = 0;
        for (double c : bestCorr) {
            if (c >= threshold) {
                n++;
            }
        }
        return n;
    }

    public static int[] coveredAll(double[] bestCorr) {
        int[] out = new int[VALUES.length];
        for (int t = 0; t < VALUES.length; t++) {
            out[t] = covered(bestCorr, VALUES[t]);
        }
        return out;
    }
}
