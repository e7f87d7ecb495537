package org.reluspec.jobs.twolayer;

import java.util.Locale;
import org.reluspec.jobs.params.RunSpec;

/**
 * The finishing phase of a two-layer run: which Gauss-Newton variant, its budgets, whether the
 * SGD/GD epochs run first, and the target (stop_grad_norm) it drives the largest per-sample
 * gradient norm of the hidden layer to. The finish group of {@link TwoLayerSettings}.
 *
 * <p>Catalog names: {@code method} finish, {@code iterations} finish_iterations,
 * {@code cgIterations} finish_cg_iterations, {@code fromStart} finish_from_start, {@code target}
 * stop_grad_norm (also the read-outs' stopping rule, {@code ReadoutChoices.stopGradNorm}).
 */
public record FinishSettings(Method method, int iterations, int cgIterations, boolean fromStart, double target) {

    /**
     * Largest number of trained weights for which {@code auto} picks the dense solver. Measured
     * with {@code bin/sweep bench finish} (N=1500, target 1e-9, same start): 118 weights, dense
     * 13 steps 0.13 s, matrix-free 8 steps 0.08 s; 354: 1.54 s against 1.40 s; 718: 2.50 s against
     * 1.02 s; 1210: dense 18 steps 18 s to the target, matrix-free 30 steps 11 s and just short of
     * it. The dense step costs N (n (d+1))^2 + P^3 / 3 and converges in fewer steps (exact
     * solves); the matrix-free one costs 8 N P per conjugate-gradient iteration. Below a few
     * hundred weights the two tie and the exact solve is the safer; above, conjugate gradients
     * win per run.
     */
    public static final int DENSE_LIMIT = 400;

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
