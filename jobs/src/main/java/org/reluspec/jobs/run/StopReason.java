package org.reluspec.jobs.run;

/** What ended a run's training. */
public enum StopReason {
    /** All {@code num_epoch} epochs ran. */
    BUDGET("budget"),
    /** The largest per-sample gradient norm fell to {@code stop_grad_norm} or below. */
    GRADIENT_TARGET("gradient_target"),
    /** NaN or infinity appeared. */
    DIVERGED("diverged");

    private final String key;

    StopReason(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
