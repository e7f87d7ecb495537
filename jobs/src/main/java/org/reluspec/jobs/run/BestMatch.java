package org.reluspec.jobs.run;

/** For each row of a correlation matrix, the largest entry and its column (first one on ties). */
public record BestMatch(double[] corr, int[] index) {

    /** Rows are teacher nodes, columns student nodes: each teacher's best student. */
    public static BestMatch perTeacher(double[][] corr) {
        double[] best = new double[corr.length];
        int[] idx = new int[corr.length];
        for (int i = 0; i < corr.length; i++) {
            double b = Double.NEGATIVE_INFINITY;
            int bi = -1;
            for (int j = 0; j < corr[i].length; j++) {
                if (corr[i][j] > b) {
                    b = corr[i][j];
                    bi = j;
                }
            }
            best[i] = b;
            idx[i] = bi;
        }
        return new BestMatch(best, idx);
    }

    /** Columns are student nodes: each student's best teacher. */
    public static BestMatch perStudent(double[][] corr) {
        int n = corr.length == 0 ? 0 : corr[0].length;
        double[] best = new double[n];
        int[] idx = new int[n];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(idx, -1);
        for (int i = 0; i < corr.length; i++) {
            for (int j = 0; j < n; j++) {
                if (corr[i][j] > best[j]) {
                    best[j] = corr[i][j];
                    idx[j] = i;
                }
            }
        }
        return new BestMatch(best, idx);
    }
}
