package org.reluspec.jobs.multilayer;

import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.rng.Rng;

/**
 * The student's initialization: PyTorch's default nn.Linear init scaled by student_scale_down (default 1:
 * the reference's trial loop resets the student after scaling it, so its runs start unscaled).
 */
final class Student {
    private Student() {
    }

    /** Weights then bias of each linear layer, lowest first: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) * scale. */
    static void init(Network net, Rng rng, double scaleDown) {
        for (int l = 0; l < net.linearCount(); l++) {
            Linear lin = net.linear(l);
            double bound = 1.0 / Math.sqrt(lin.in);
            fillUniform(lin.weight, rng, bound, scaleDown);
            if (lin.bias != null) {
                fillUniform(lin.bias, rng, bound, scaleDown);
            }
        }
    }

    private static void fillUniform(Matrix m, Rng rng, double bound, double scale) {
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                m.set(r, c, (2 * rng.nextDouble() - 1) * bound * scale);
            }
        }
    }
}
