package org.reluspec.jobs.engine;

import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.RunResult;

/**
 * A training engine other than the built-in native one, found with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/org.reluspec.jobs.engine.Engine} entry in its jar). It trains the same
 * teacher-student pair as the native engine and returns the same read-outs.
 */
public interface Engine {
    /** The value of the {@code engine} parameter that selects this engine. */
    String name();

    RunResult run(RunSpec spec, EpochListener listener);
}
