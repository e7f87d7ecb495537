package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.run.StopReason;

/**
 * The finishing phase: Levenberg-Marquardt on the residuals of the student's fit of the teacher
 * ({@link TwoLayerLeastSquares}), in double precision. The teacher is realizable, so the fit has
 * zero residual; there Gauss-Newton converges fast even where the minimum is degenerate (student
 * nodes sharing a teacher node), which is where SGD and L-BFGS crawl. Each step solves
 * (J^T J + lambda D) delta = -J^T r, D the diagonal of J^T J (Marquardt's scaling, floored):
 * either with the dense J^T J and a Cholesky factor, or matrix-free with Jacobi-preconditioned
 * conjugate gradients on J^T J v products (students too large for a dense P x P matrix).
 * lambda follows Nielsen's gain-ratio rule. It stops at the gradient target, at a stall (full-batch
 * gradient below {@link StopReason#STALL_RATIO} times the target), when no step lowers the loss
 * any more (also a stall: {@link Report#noDescent}), or at its iteration budget.
 */
final class GaussNewtonFinish {
    /**
     * What the phase did: Gauss-Newton steps taken, loss evaluations, the wall time, and whether
     * it ended because no step lowered the loss (every damping from the last one up to
     * {@link #LAMBDA_GIVE_UP}, steps from Gauss-Newton's down to about 1e-20 of a gradient step,
     * failed) or {@link #STALL_WINDOW} steps lowered it by less than {@link #STALL_PROGRESS}:
     * a numerical local minimum of the piecewise-smooth loss (typically at ReLU kinks).
     */
    record Report(int iterations, int evaluations, double seconds, boolean noDescent) {
    }

    /**
     * A finish that lowers the loss by less than {@link #STALL_PROGRESS} (relative) over this
     * many steps is stuck as well: measured on the search's small training sets, such runs then
     * crawl for hundreds of steps without a visible change before no step lowers the loss at all,
     * while a descent to a zero-residual fit lowers it by 10% or more per step.
     */
    static final int STALL_WINDOW = 20;
    static final double STALL_PROGRESS = 1e-3;

    private static final double LAMBDA_START = 1e-3;
    private static final double LAMBDA_GIVE_UP = 1e20;
    /** Floor of Marquardt's scaling, relative to the largest diagonal entry (dead nodes have 0). */
    private static final double DIAGONAL_FLOOR = 1e-12;

    private final TwoLayerLeastSquares ls;
    private final FinishSettings settings;
    private final boolean dense;
    private final int[] free;
    private final double[] theta;
    private final double[] trial;
    private final double[] g;
    private final double[] delta;
    private final double[] diag;
    private final double[] work;
    /** Dense: J^T J (p x p) and the factor of its trained block; matrix-free: CG vectors. */
    private final double[] normal;
    private final double[] factor;
    private final double[] cgRes;
    private final double[] cgDir;
    private final double[] cgZ;
    /** The loss after each of the last STALL_WINDOW + 1 steps (a ring). */
    private final double[] recent = new double[STALL_WINDOW + 1];

    GaussNewtonFinish(TwoLayerNet student, Matrix xTrain, Matrix yTeacher, TwoLayerTrainer.Options options,
                      FinishSettings settings) {
        this.ls = new TwoLayerLeastSquares(student, xTrain, yTeacher, options.trainHidden(), options.trainOutput(),
                options.noBias());
        this.settings = settings;
        int f = ls.trainedCount();
        this.dense = settings.dense(f);
        this.free = new int[f];
        for (int i = 0, q = 0; i < ls.p; i++) {
            if (ls.trained[i]) {
                free[q++] = i;
            }
        }
        int p = ls.p;
        theta = new double[p];
        trial = new double[p];
        g = new double[p];
        delta = new double[p];
        diag = new double[p];
        work = new double[p];
        normal = dense ? new double[p * p] : null;
        factor = dense ? new double[f * f] : null;
        cgRes = dense ? null : new double[p];
        cgDir = dense ? null : new double[p];
        cgZ = dense ? null : new double[p];
    }

    boolean dense() {
        return dense;
    }

    TwoLayerLeastSquares problem() {
        return ls;
    }

    /** Runs the phase on the student and leaves the result in it. */
    Report run(TwoLayerNet student) {
        long start = System.nanoTime();
        ls.read(student, theta);
        double loss = ls.evaluate(theta);
        ls.gradient(g);
        int evaluations = 1;
        double target = settings.target();
        double lambda = LAMBDA_START;
        double nu = 2;
        double g0 = Math.sqrt(dot(g, g));
        int it = 0;
        boolean noDescent = false;
        recent[0] = loss;
        while (it < settings.iterations()) {
            if (target > 0 && ls.maxSampleGradNorm() <= target) {
                break;
            }
            if (target > 0 && ls.fullBatchGradNorm() <= StopReason.STALL_RATIO * target) {
                break;
            }
            double gNorm = Math.sqrt(dot(g, g));
            if (gNorm == 0 || loss == 0) {
                break;
            }
            if (dense) {
                ls.normalMatrix(normal);
                for (int i = 0; i < ls.p; i++) {
                    diag[i] = normal[i * ls.p + i];
                }
            } else {
                ls.normalDiagonal(diag);
            }
            floorDiagonal();
            boolean accepted = false;
            while (!accepted) {
                boolean solved = dense ? solveDense(lambda) : solveCg(lambda, Math.min(0.1, Math.sqrt(gNorm / g0)));
                if (solved) {
                    double predicted = predictedDecrease();
                    for (int i = 0; i < ls.p; i++) {
                        trial[i] = theta[i] + delta[i];
                    }
                    double next = ls.evaluate(trial);
                    evaluations++;
                    double rho = (loss - next) / predicted;
                    if (Double.isFinite(next) && predicted > 0 && rho > 0) {
                        System.arraycopy(trial, 0, theta, 0, ls.p);
                        loss = next;
                        ls.gradient(g);
                        double shrink = 1 - Math.pow(2 * rho - 1, 3);
                        lambda *= Math.max(1.0 / 3, shrink);
                        nu = 2;
                        accepted = true;
                        break;
                    }
                    ls.evaluate(theta); // the products and the next trial need theta's state again
                    evaluations++;
                }
                lambda *= nu;
                nu *= 2;
                if (lambda > LAMBDA_GIVE_UP) {
                    break;
                }
            }
            if (!accepted) {
                noDescent = true;
                break;
            }
            it++;
            recent[it % recent.length] = loss;
            if (it >= STALL_WINDOW && loss > (1 - STALL_PROGRESS) * recent[(it - STALL_WINDOW) % recent.length]) {
                noDescent = true;
                break;
            }
        }
        ls.write(theta, student);
        return new Report(it, evaluations, (System.nanoTime() - start) * 1e-9, noDescent);
    }

    private void floorDiagonal() {
        double max = 0;
        for (int i : free) {
            max = Math.max(max, diag[i]);
        }
        double floor = Math.max(max * DIAGONAL_FLOOR, Double.MIN_NORMAL);
        for (int i : free) {
            diag[i] = Math.max(diag[i], floor);
        }
    }

    /** L(0) - L(delta) of the Gauss-Newton model: -g.delta - 0.5 delta^T J^T J delta. */
    private double predictedDecrease() {
        if (dense) {
            double quad = 0;
            for (int a : free) {
                double row = 0;
                int base = a * ls.p;
                for (int b : free) {
                    row += normal[base + b] * delta[b];
                }
                quad += delta[a] * row;
            }
            return -dot(g, delta) - 0.5 * quad;
        }
        ls.normalProduct(delta, work);
        return -dot(g, delta) - 0.5 * dot(delta, work);
    }

    /**
     * (A + lambda D) delta = -g on the trained entries by Cholesky; false if not positive definite.
     * The factor is U with A = U^T U, row-major, computed right-looking: each step scales a row
     * and subtracts its outer product from the rows below, unit-stride loops the JIT vectorizes
     * (a left-looking dot-product form runs several times slower).
     */
    private boolean solveDense(double lambda) {
        int f = free.length;
        int p = ls.p;
        for (int a = 0; a < f; a++) {
            int row = free[a] * p;
            int base = a * f;
            for (int b = a; b < f; b++) {
                factor[base + b] = normal[row + free[b]];
            }
            factor[base + a] += lambda * diag[free[a]];
        }
        for (int j = 0; j < f; j++) {
            int rj = j * f;
            double pivot = factor[rj + j];
            if (!(pivot > 0)) {
                return false;
            }
            double u = Math.sqrt(pivot);
            double inv = 1.0 / u;
            factor[rj + j] = u;
            for (int k = j + 1; k < f; k++) {
                factor[rj + k] *= inv;
            }
            for (int i = j + 1; i < f; i++) {
                double uji = factor[rj + i];
                if (uji == 0) {
                    continue;
                }
                int ri = i * f;
                for (int k = i; k < f; k++) {
                    factor[ri + k] -= uji * factor[rj + k];
                }
            }
        }
        // U^T w = -g (forward), then U delta = w (backward); work holds w.
        for (int i = 0; i < f; i++) {
            work[i] = -g[free[i]];
        }
        for (int j = 0; j < f; j++) {
            int rj = j * f;
            double w = work[j] / factor[rj + j];
            work[j] = w;
            for (int k = j + 1; k < f; k++) {
                work[k] -= w * factor[rj + k];
            }
        }
        java.util.Arrays.fill(delta, 0.0);
        for (int i = f - 1; i >= 0; i--) {
            int ri = i * f;
            double v = work[i];
            for (int k = i + 1; k < f; k++) {
                v -= factor[ri + k] * delta[free[k]];
            }
            delta[free[i]] = v / factor[ri + i];
        }
        return true;
    }

    /**
     * (J^T J + lambda D) delta = -g by conjugate gradients preconditioned with (1 + lambda) D,
     * to a residual of {@code tol} times ||g|| or {@code finish_cg_iterations}.
     */
    private boolean solveCg(double lambda, double tol) {
        int p = ls.p;
        java.util.Arrays.fill(delta, 0.0);
        for (int i = 0; i < p; i++) {
            cgRes[i] = -g[i];
        }
        double rz = 0;
        for (int i : free) {
            cgZ[i] = cgRes[i] / ((1 + lambda) * diag[i]);
            cgDir[i] = cgZ[i];
            rz += cgRes[i] * cgZ[i];
        }
        double stop = tol * Math.sqrt(dot(g, g));
        for (int k = 0; k < settings.cgIterations(); k++) {
            ls.normalProduct(cgDir, work);
            double curvature = 0;
            for (int i : free) {
                work[i] += lambda * diag[i] * cgDir[i];
                curvature += cgDir[i] * work[i];
            }
            if (!(curvature > 0)) {
                return k > 0;
            }
            double alpha = rz / curvature;
            double rr = 0;
            for (int i : free) {
                delta[i] += alpha * cgDir[i];
                cgRes[i] -= alpha * work[i];
                rr += cgRes[i] * cgRes[i];
            }
            if (Math.sqrt(rr) <= stop) {
                break;
            }
            double rzNext = 0;
            for (int i : free) {
                cgZ[i] = cgRes[i] / ((1 + lambda) * diag[i]);
                rzNext += cgRes[i] * cgZ[i];
            }
            double beta = rzNext / rz;
            rz = rzNext;
            for (int i : free) {
                cgDir[i] = cgZ[i] + beta * cgDir[i];
            }
        }
        return true;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
