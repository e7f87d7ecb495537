package org.reluspec.driver.sweep;

import java.io.Serializable;
import org.reluspec.jobs.params.RunSpec;

/**
 * Runs addressed by an index 0 .. size-1, rebuilt from the index anywhere (driver or executor),
 * so only indices travel to Spark tasks: a sweep's {@link Grid}, or an explicit {@link RunList}
 * (the probes of one sample-complexity round).
 */
public interface RunSource extends Serializable {
    /** The results folder name, also the {@code sweep} column of the runs. */
    String name();

    /** Where the runs came from (the sweep file), for messages. */
    String source();

    long size();

    /** The resolved run at {@code index}; a combination that cannot run is a user error. */
    RunSpec spec(long index);

    /** A short description of run {@code index}, e.g. {@code multi=2 seed=3}. */
    String describe(long index);
}
