package org.reluspec.jobs.run;

/** How a run ended. A diverged run is a result (NaN or infinity appeared), not an error. */
public enum Status {
    OK("ok"),
    DIVERGED("diverged"),
    FAILED("failed");

    private final String key;

    Status(String key) {
        this.key = key;
    }

    /** The word stored in the {@code status} column. */
    public String key() {
        return key;
    }
}
