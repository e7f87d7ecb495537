package org.reluspec.jobs.params;

/**
 * A user's mistake in a run specification: names the key, the value and what is allowed.
 * Callers add where the value came from (a file, the command line) and print only the message.
 */
public final class SpecException extends IllegalArgumentException {
    private final String key;

    public SpecException(String key, Object value, String allowed) {
        super(key + "=" + value + ": expected " + allowed);
        this.key = key;
    }

    public SpecException(String message) {
        super(message);
        this.key = null;
    }

    /** The offending key, or null when the problem is not about a single key. */
    public String key() {
        return key;
    }
}
