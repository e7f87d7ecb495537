package org.reluspec.jobs.engine;

import org.reluspec.jobs.linalg.Parallel;
import org.reluspec.jobs.multilayer.MultiLayerRun;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.twolayer.TwoLayerRun;

/**
 * Runs one teacher-student pair: a pure function of its spec (same spec, same bits). The native
 * engine is built in; other engines ({@code engine=dl4j}) are plug-ins found by {@link Engines}.
 */
public final class Runner {
    private Runner() {
    }

    public static RunResult run(RunSpec spec) {
        return run(spec, EpochListener.NONE);
    }

    public static RunResult run(RunSpec spec, EpochListener listener) {
        return run(spec, listener, 1);
    }

    /**
     * The run of a {@link ClusterEngine} (see {@link Engines#needsCluster}), on the driver:
     * {@code cluster} is its handle to the cluster (Spark: the SparkContext).
     */
    public static RunResult runOnCluster(RunSpec spec, EpochListener listener, Object cluster) {
        String engine = spec.s("engine");
        if (!(Engines.require(engine) instanceof ClusterEngine e)) {
            throw new IllegalStateException("engine=" + engine + " trains inside a task, not on the whole cluster");
        }
        return e.run(spec, listener, cluster);
    }

    /**
     * The run on {@code threads} threads (this one and threads - 1 started for the run and stopped
     * at its end). The thread count is an execution setting: it changes no bit of the result. Plug-in
     * engines choose their own threads.
     */
    public static RunResult run(RunSpec spec, EpochListener listener, int threads) {
        String engine = spec.s("engine");
        if (!Engines.NATIVE.equals(engine)) {
            return Engines.require(engine).run(spec, listener);
        }
        try (Parallel par = new Parallel(threads)) {
            return spec.experiment() == Experiment.TWO_LAYER
                    ? TwoLayerRun.run(spec, listener, par)
                    : MultiLayerRun.run(spec, listener, par);
        }
    }
}
