package org.reluspec.jobs.run;

/** What ended a run's training. */
public enum StopReason {
    /** All {@code num_epoch} epochs (and the finishing phase, if any) ran without reaching the target. */
    BUDGET("budget"),
    /** The largest per-sample gradient norm fell to {@code stop_grad_norm} or below. */
    GRADIENT_TARGET("gradient_target"),
    /**
     * A critical point that is not the theorem's regime: the target was missed while the
     * full-batch gradient of the lowest layer is at most {@link #STALL_RATIO} times the target,
     * or the finishing phase found no step that lowers the loss (see {@link #atEnd}); e.g. a
     * spurious local minimum where a teacher node is uncovered.
     */
    STALLED("stalled"),
    /** NaN or infinity appeared. */
    DIVERGED("diverged");

    /**
     * A run that missed its target is stalled when its final full-batch gradient norm (lowest
     * layer, the gradient of the mean loss) is at most this fraction of the target. The full-batch
     * gradient is the mean of the per-sample gradients, so it never exceeds the largest one; along
     * a descent towards a zero-residual fit both shrink together, while at a critical point with
     * non-zero residuals the mean vanishes (to rounding) and the per-sample ones do not. A factor
     * 1000 below the target separates the two: a converged finish at a spurious minimum ends near
     * 1e-13, a run cut by its budget far above.
     */
    public static final double STALL_RATIO = 1e-3;

    private final String key;

    StopReason(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /**
     * How a finite run that was not stopped early ended, from its final read-out: the target
     * (target > 0) reached; else stalled when the full-batch gradient is at most
     * {@link #STALL_RATIO} times the target or {@code noDescent} (the finishing phase ended
     * because no Levenberg-Marquardt step, at any damping up to 1e20, lowered the training loss,
     * or 20 steps together lowered it by less than 0.1%: a numerical local minimum of the
     * piecewise-smooth loss, where the ReLU kinks keep the full-batch gradient from vanishing);
     * else the budget.
     */
    public static StopReason atEnd(double target, double fullBatchGradNorm, double maxSampleGradNorm,
                                   boolean noDescent) {
        if (target <= 0) {
            return BUDGET;
        }
        if (maxSampleGradNorm <= target) {
            return GRADIENT_TARGET;
        }
        return fullBatchGradNorm <= STALL_RATIO * target || noDescent ? STALLED : BUDGET;
    }
}
