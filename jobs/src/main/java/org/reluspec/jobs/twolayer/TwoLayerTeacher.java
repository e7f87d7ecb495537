package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.data.ChoiceVectors;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

/**
 * The reference's two-layer teacher: distinct hidden weight vectors from the choice set scaled to
 * unit norm, hidden and output biases {@code bias} (0 with no_bias), distinct output weight
 * vectors from the choice set, and the fan-out of hidden node i divided by (i+1)^p.
 */
final class TwoLayerTeacher {
    private TwoLayerTeacher() {
    }

    static TwoLayerNet build(TwoLayerSettings settings) {
        int d = settings.widths().inputs();
        int m = settings.widths().teacherNodes();
        int c = settings.widths().outputs();
        double bias = settings.teacher().bias();
        double p = settings.teacher().strengthDecay();
        Rng rng = Rng.forRole(settings.seed(), Role.TEACHER);
        double[][] hiddenW = ChoiceVectors.distinct(rng, m, d);
        double[][] outputW = ChoiceVectors.distinct(rng, c, m);

        TwoLayerNet t = new TwoLayerNet(d, m, c, settings.relu(), settings.floatPrecision());
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < d; k++) {
                t.w1.set(k, i, hiddenW[i][k]);
            }
            t.w1.set(d, i, bias);
        }
        t.normalizeHiddenWeights();
        for (int i = 0; i < m; i++) {
            double decay = Math.pow(i + 1, p);
            for (int o = 0; o < c; o++) {
                t.w2.set(i, o, outputW[o][i] / decay);
            }
        }
        for (int o = 0; o < c; o++) {
            t.w2.set(m, o, bias);
        }
        return t;
    }
}
