package org.reluspec.jobs.multilayer;

import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.rng.Rng;

/** Input samples: N(0, data_std^2) or U[-data_std/2, data_std/2] per coordinate, row by row. */
final class Data {
    private Data() {
    }

    /** Fills rows 0..x.rows() of {@code x} with fresh samples from {@code rng}. */
    static void fill(Matrix x, Rng rng, MultiLayerSettings settings) {
        boolean gaussian = settings.gaussianInputs();
        double std = settings.data().std();
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < x.cols(); c++) {
                x.set(r, c, gaussian ? std * rng.nextGaussian() : std * (rng.nextDouble() - 0.5));
            }
        }
    }
}
