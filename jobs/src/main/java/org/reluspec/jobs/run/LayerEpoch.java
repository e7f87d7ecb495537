package org.reluspec.jobs.run;

/**
 * One hidden layer's specialization after one epoch: for each teacher node its best student and
 * best correlation, on training and evaluation data, and the covered counts per threshold
 * ({@link Thresholds#VALUES}).
 */
public record LayerEpoch(
        int layer,
        double[] bestCorrTrain,
        int[] bestStudentTrain,
        double[] bestCorrEval,
        int[] bestStudentEval,
        int[] coveredTrain,
        int[] coveredEval) {

    public static LayerEpoch of(int layer, double[][] corrTrain, double[][] corrEval) {
        BestMatch train = BestMatch.perTeacher(corrTrain);
        BestMatch eval = BestMatch.perTeacher(corrEval);
        return new LayerEpoch(layer, train.corr(), train.index(), eval.corr(), eval.index(),
                Thresholds.coveredAll(train.corr()), Thresholds.coveredAll(eval.corr()));
    }

    /** Evaluation data only: the training-side arrays are empty. */
    public static LayerEpoch evalOnly(int layer, double[][] corrEval) {
        BestMatch eval = BestMatch.perTeacher(corrEval);
        return new LayerEpoch(layer, new double[0], new int[0], eval.corr(), eval.index(),
                new int[0], Thresholds.coveredAll(eval.corr()));
    }

    public double meanBestCorrEval() {
        double s = 0;
        for (double c : bestCorrEval) {
            s += c;
        }
        return s / bestCorrEval.length;
    }
}
