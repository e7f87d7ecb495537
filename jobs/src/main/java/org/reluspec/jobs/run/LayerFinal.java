package org.reluspec.jobs.run;

/**
 * One hidden layer at the end of a run. Teacher-side arrays have one entry per teacher node,
 * student-side ones per student node. {@code bestAngle} (radians) is, for each teacher node, the
 * smallest angle between its normalized augmented weight vector (w, b) and any student's; it is
 * only defined for the lowest layer, where both share the input space (null elsewhere).
 * {@code firstEpoch[t][k]} is the first epoch at which teacher node t reached threshold k on
 * evaluation data ({@link #NEVER} if it did not). The correlation matrices are teacher by student.
 */
public record LayerFinal(
        int layer,
        double[] teacherFanout,
        double[] studentFanout,
        double[] studentBestCorrEval,
        int[] studentBestTeacherEval,
        double[] bestAngle,
        int[] bestAngleStudent,
        int[][] firstEpoch,
        double[][] corrTrain,
        double[][] corrEval) {

    public static final int NEVER = Integer.MIN_VALUE;
}
