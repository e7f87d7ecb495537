package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

/**
 * A multi-layer run driven one step at a time, for cross-checks and benchmarks of engines: the
 * run's teacher, training set and initial student, batches in the shuffled epoch order of the
 * BATCHES stream as the run takes them, at the schedule's rate of epoch 0.
 */
public final class MultiLayerSession {
    private final MultiLayerRun run;
    private final Rng batches;
    private final double lr;
    private int next;

    private MultiLayerSession(MultiLayerRun run, RunSpec spec) {
        this.run = run;
        MultiLayerSettings settings = MultiLayerSettings.of(spec);
        this.batches = Rng.forRole(settings.seed(), Role.BATCHES);
        this.lr = settings.schedule().rateAt(0);
        this.next = run.trainSize();
    }

    /** A session of {@code engine}'s steps; null: the native engine. */
    public static MultiLayerSession open(RunSpec spec, MultiLayerSteps.Factory engine) {
        return new MultiLayerSession(MultiLayerRun.prepare(spec, engine), spec);
    }

    /** A session over a run already prepared from {@code spec}. */
    static MultiLayerSession of(MultiLayerRun run, RunSpec spec) {
        return new MultiLayerSession(run, spec);
    }

    /** One step on the next batch (a new shuffled epoch when one ends); returns its loss before the step. */
    public double step() {
        if (next >= run.trainSize()) {
            run.shuffle(batches);
            next = 0;
        }
        double loss = run.stepAt(next, lr);
        next += run.batchSize();
        return loss;
    }

    public List<LayerWeights> weights() {
        return run.stepper().weights();
    }
}
