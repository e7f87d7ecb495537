package org.reluspec.jobs.metrics;

/**
 * For each teacher node, the smallest angle (radians) between its normalized augmented weight
 * vector (w, b) and any student node's, and which student attains it.
 */
public record Angles(double[] angle, int[] student) {

    /** Rows of {@code teacher} and {@code student} are augmented weight vectors of equal length. */
    public static Angles best(double[][] teacher, double[][] student) {
        double[] angle = new double[teacher.length];
        int[] who = new int[teacher.length];
        for (int i = 0; i < teacher.length; i++) {
            double nt = norm(teacher[i]);
            double bestCos = Double.NEGATIVE_INFINITY;
            int bestJ = -1;
            for (int j = 0; j < student.length; j++) {
                double ns = norm(student[j]);
                double dot = 0;
                for (int k = 0; k < teacher[i].length; k++) {
                    dot += teacher[i][k] * student[j][k];
                }
                double cos = nt == 0 || ns == 0 ? 0 : dot / (nt * ns);
                if (cos > bestCos) {
                    bestCos = cos;
                    bestJ = j;
                }
            }
            angle[i] = bestJ < 0 ? Double.NaN : Math.acos(Math.max(-1, Math.min(1, bestCos)));
            who[i] = bestJ;
        }
        return new Angles(angle, who);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
