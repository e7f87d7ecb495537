package org.reluspec.jobs.metrics;

import java.util.List;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.LayerFinal;
import org.reluspec.jobs.run.Thresholds;

/** The first epoch at which each teacher node's best evaluation correlation reached each threshold. */
public final class FirstEpochs {
    private FirstEpochs() {
    }

    /** [teacher node][threshold index]; {@link LayerFinal#NEVER} where it was never reached. */
    public static int[][] of(List<EpochReadout> epochs, int layer) {
        int m = epochs.get(0).layers().get(layer).bestCorrEval().length;
        int[][] first = new int[m][Thresholds.VALUES.length];
        for (int[] row : first) {
            java.util.Arrays.fill(row, LayerFinal.NEVER);
        }
        for (EpochReadout e : epochs) {
            double[] best = e.layers().get(layer).bestCorrEval();
            for (int i = 0; i < m; i++) {
                for (int t = 0; t < Thresholds.VALUES.length; t++) {
                    if (first[i][t] == LayerFinal.NEVER && best[i] >= Thresholds.VALUES[t]) {
                        first[i][t] = e.epoch();
                    }
                }
            }
        }
        return first;
    }
}
