package org.reluspec.jobs.rng;

/**
 * The roles that draw random numbers in a run; each gets its own independent stream. The stream
 * id is part of every run's numbers: never change or reuse one (a new role takes a new id), and
 * the order of the constants does not matter.
 */
public enum Role {
    TEACHER(1),
    TRAIN_DATA(2),
    EVAL_DATA(3),
    STUDENT(4),
    BATCHES(5),
    /** Reserved for a test-only fault hook and similar; never used by training. */
    AUX(6);

    private final int streamId;

    Role(int streamId) {
        this.streamId = streamId;
    }

    public int streamId() {
        return streamId;
    }
}
