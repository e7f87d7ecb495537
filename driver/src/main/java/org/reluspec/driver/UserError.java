package org.reluspec.driver;

/**
 * A user's mistake (a bad sweep file, override, option or output folder). The command line prints
 * its message alone on stderr and exits with {@link #EXIT_CODE}; no stack trace unless --debug.
 */
public class UserError extends RuntimeException {
    public static final int EXIT_CODE = 2;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
