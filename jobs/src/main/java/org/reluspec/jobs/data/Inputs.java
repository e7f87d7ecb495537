package org.reluspec.jobs.data;

import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.rng.Rng;

/** Input sets stored in homogeneous form: each row is (x, 1), so a bias is one more weight row. */
public final class Inputs {
    private Inputs() {
    }

    /** {@code rows} i.i.d. N(0, std^2) inputs of dimension {@code d}, plus the constant column. */
    public static Matrix gaussian(Rng rng, int rows, int d, double std, boolean floatPrecision) {
        Matrix x = Matrix.create(floatPrecision, rows, d + 1);
        double[] row = new double[d + 1];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextGaussian() * std;
            }
            row[d] = 1.0;
            x.setRow(r, row);
        }
        return x;
    }

    /** Homogeneous rows from plain vectors. */
    public static Matrix of(double[][] xs, boolean floatPrecision) {
        int d = xs[0].length;
        Matrix x = Matrix.create(floatPrecision, xs.length, d + 1);
        double[] row = new double[d + 1];
        for (int r = 0; r < xs.length; r++) {
            System.arraycopy(xs[r], 0, row, 0, d);
            row[d] = 1.0;
            x.setRow(r, row);
        }
        return x;
    }
}
