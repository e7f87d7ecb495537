package org.reluspec.jobs.engine;

import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.RunResult;

/**
 * An engine that trains one run on the whole cluster (data-parallel), called on the driver with
 * the cluster's handle, one run at a time, instead of inside one task. Registered as an
 * {@link Engine} (ServiceLoader), so that {@link Engines} finds it by name.
 */
public interface ClusterEngine extends Engine {
    /**
     * The run on the cluster. {@code cluster} is the driver's handle to it, opaque here (jobs
     * knows nothing of Spark): the engine names the type it takes (Spark: the SparkContext).
     */
    RunResult run(RunSpec spec, EpochListener listener, Object cluster);

    /** Inside a task there is no cluster to spread the run over. */
    @Override
    default RunResult run(RunSpec spec, EpochListener listener) {
        throw new IllegalStateException("engine=" + name() + " trains a run on the whole cluster: it runs on the "
                + "driver of a sweep (bin/sweep run), not inside a task or without Spark");
    }
}
