package org.reluspec.jobs.twolayer;

import java.util.Locale;
import org.reluspec.jobs.params.RunSpec;

/**
 * The finishing phase of a two-layer run: which Gauss-Newton variant, its budgets, whether the
 * SGD/GD epochs run first, and the target (stop_grad_norm) it drives the largest per-sample
 * gradient norm of the hidden layer to.
 */
public record FinishSettings(Method method, int iterations, int cgIterations, boolean fromStart, double target) {

    /**
     * Largest number of trained weights for which {@code auto} picks the dense solver. Measured
     * with {@code bin/sweep bench finish} (README): the dense J^T J costs N (n (d+1))^2 / 2 per
     * step and its Cholesky factor P^3 / 3, the matrix-free solver 4 N P per conjugate-gradient
     * iteration, and the degenerate minima (student nodes sharing a teacher node) need hundreds
     * of those; dense stays ahead up to about this size on the search's training sets.
     */
    public static final int DENSE_LIMIT = 1500;

    public enum Method { NONE, LEVENBERG_MARQUARDT, GAUSS_NEWTON_CG, AUTO }

    public static FinishSettings of(RunSpec spec) {
        return new FinishSettings(Method.valueOf(spec.s("finish").toUpperCase(Locale.ROOT)),
                spec.i("finish_iterations"), spec.i("finish_cg_iterations"), spec.b("finish_from_start"),
                spec.d("stop_grad_norm"));
    }

    public boolean enabled() {
        return method != Method.NONE;
    }

    /** The solver used for a student with this many trained weights ({@code auto} resolved). */
    public boolean dense(int trainedWeights) {
        return method == Method.LEVENBERG_MARQUARDT
                || (method == Method.AUTO && trainedWeights <= DENSE_LIMIT);
    }
}
