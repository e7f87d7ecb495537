package org.reluspec.jobs.rng;

/** The roles that draw random numbers in a run; each gets its own independent stream. */
public enum Role {
    TEACHER,
    TRAIN_DATA,
    EVAL_DATA,
    STUDENT,
    BATCHES,
    /** Reserved for a test-only fault hook and similar; never used by training. */
    AUX
}
