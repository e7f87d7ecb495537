package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

/**
 * A two-layer run driven one SGD step at a time, for cross-checks and benchmarks of engines:
 * the run's teacher, training set and initial student, batches of {@code batchsize} drawn with
 * replacement from the BATCHES stream as the run draws them, at the schedule's initial rate.
 */
public final class TwoLayerSession {
    private final TwoLayerRun run;
    private final TwoLayerSteps steps;
    private final Rng batches;
    private final int[] rows;
    private final double lr;

    private TwoLayerSession(RunSpec spec, TwoLayerSteps.Factory engine) {
        this.run = new TwoLayerRun(spec);
        TwoLayerSettings settings = TwoLayerSettings.of(spec);
        int batch = settings.schedule().batchSize();
        this.steps = engine == null
                ? new NativeTwoLayerSteps(run.student,
                        new TwoLayerTrainer(run.student, batch, settings.floatPrecision()), settings.trainerOptions())
                : engine.create(spec, run.student.weights());
        this.batches = Rng.forRole(settings.seed(), Role.BATCHES);
        this.rows = new int[batch];
        this.lr = settings.schedule().rates().initialRate();
    }

    /** A session of {@code engine}'s steps; null: the native trainer. */
    public static TwoLayerSession open(RunSpec spec, TwoLayerSteps.Factory engine) {
        return new TwoLayerSession(spec, engine);
    }

    /** One SGD step on the next batch; returns the batch loss before the step. */
    public double step() {
        TwoLayerTrainer.drawRows(batches, run.xTrain.rows(), rows, rows.length);
        return steps.step(run.xTrain, run.teacherTrainOutputs(), rows, rows.length, lr);
    }

    public TwoLayerWeights weights() {
        return steps.weights();
    }
}
