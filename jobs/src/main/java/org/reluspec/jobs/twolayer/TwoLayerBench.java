package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

/**
 * The two measured operations of a two-layer run, prepared once, for benchmarks: one SGD step
 * and one epoch's read-outs. FLOP counts are nominal (dense products, ReLU zeros included).
 */
public final class TwoLayerBench {
    private final TwoLayerRun run;
    private final TwoLayerTrainer trainer;
    private final TwoLayerReadout readout;
    private final Rng batches;
    private final TwoLayerTrainer.Options options;
    private final double lr;

    private TwoLayerBench(RunSpec spec) {
        TwoLayerSettings settings = TwoLayerSettings.of(spec);
        this.run = new TwoLayerRun(spec);
        this.trainer = new TwoLayerTrainer(run.student, settings.schedule().batchSize(), settings.floatPrecision());
        this.readout = new TwoLayerReadout(run.teacher, run.student, run.xEval, settings.floatPrecision());
        this.readout.setTrainingSet(run.xTrain);
        this.batches = Rng.forRole(settings.seed(), Role.BATCHES);
        this.options = new TwoLayerTrainer.Options(true, true, false, false);
        this.lr = settings.schedule().rates().initialRate();
    }

    public static TwoLayerBench prepare(RunSpec spec) {
        return new TwoLayerBench(spec.with("use_sgd", true));
    }

    public void step() {
        trainer.sgdStep(run.xTrain, readout.teacherTrainOutputs(), batches, lr, options);
    }

    /** One epoch's read-outs; returns the evaluation loss so that the work cannot be elided. */
    public double readout() {
        return readout.measure(0, lr, true).evalLoss();
    }

    /** One read-out of the evaluation set only (readout_train=false); returns its loss. */
    public double evalReadout() {
        return readout.measure(0, lr, false).evalLoss();
    }

    /** Forward (two products), backward (three products) and the update, per step. */
    public long flopsPerStep() {
        TwoLayerNet s = run.student;
        long b = trainer.batch();
        long w1 = (long) (s.inputs + 1) * (s.hidden + 1);
        long w2 = (long) (s.hidden + 1) * s.outputs;
        return 2 * b * (2 * w1 + 3 * w2) + 2 * (w1 + w2);
    }

    /** Forward and backward over the training set, forward over the evaluation set, correlations. */
    public long flopsPerReadout() {
        TwoLayerNet s = run.student;
        long w1 = (long) (s.inputs + 1) * (s.hidden + 1);
        long w2 = (long) (s.hidden + 1) * s.outputs;
        long nTrain = run.xTrain.rows();
        long nEval = run.xEval.rows();
        long corr = 2L * run.teacher.hidden * s.hidden * (nTrain + nEval);
        return nTrain * 2 * (2 * w1 + 3 * w2) + nEval * 2 * (w1 + w2) + corr;
    }
}
