package org.reluspec.driver.sweep;

import org.reluspec.driver.UserError;

/** A mistake in a sweep file or an override; the message starts with where it is. */
public final class SweepError extends UserError {
    public SweepError(String where, String message) {
        super(where + ": " + message);
    }
}
