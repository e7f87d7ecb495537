package org.reluspec.jobs.twolayer;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.reluspec.jobs.data.Inputs;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.linalg.Parallel;
import org.reluspec.jobs.params.ReadoutChoices;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;
import org.reluspec.jobs.run.EpochDriver;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.EpochRun;
import org.reluspec.jobs.run.EpochSteps;
import org.reluspec.jobs.run.LayerFinal;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.StopReason;

/**
 * The reference's two-layer experiment: a fixed teacher, an over-realized student of
 * m * multi hidden nodes, SGD on mini-batches drawn with replacement (or full-batch gradient
 * descent), read-outs before training and after every {@code readout_every} epochs, and an
 * optional Gauss-Newton finish. The {@link EpochDriver} runs the epochs.
 */
public final class TwoLayerRun implements EpochRun {
    private final String runId;
    private final TwoLayerSettings settings;
    final TwoLayerNet teacher;
    final TwoLayerNet student;
    Matrix xTrain;
    final Matrix xEval;
    private final TwoLayerReadout readout;
    /** Takes the steps: the native trainer on {@code student}, or a plug-in engine on its own copy. */
    private final TwoLayerSteps steps;
    /** Trains whole epochs instead of {@code steps} (null: step by step). */
    private final EpochSteps<TwoLayerWeights> epochSteps;
    private final boolean pluggedIn;
    private final Rng batches;
    /** The rows of every step: a batch drawn anew each step, or the whole training set. */
    private final int[] rows;
    private long stepsTaken;

    TwoLayerRun(RunSpec spec) {
        this(spec, null);
    }

    /** A run whose steps are taken by {@code engine} (null: the native trainer). */
    TwoLayerRun(RunSpec spec, TwoLayerSteps.Factory engine) {
        this(spec, engine, new Parallel(1));
    }

    /** A run whose products are split between the threads of {@code par}. */
    TwoLayerRun(RunSpec spec, TwoLayerSteps.Factory engine, Parallel par) {
        this(spec, engine, null, par);
    }

    private TwoLayerRun(RunSpec spec, TwoLayerSteps.Factory engine, EpochSteps.Factory<TwoLayerWeights> epochEngine,
                        Parallel par) {
        this.runId = spec.runId();
        this.settings = TwoLayerSettings.of(spec);
        boolean fp = settings.floatPrecision();
        this.teacher = TwoLayerTeacher.build(settings);
        this.student = initialStudent(settings);
        teacher.splitProductsBetween(par);
        student.splitProductsBetween(par);
        long seed = settings.seed();
        this.xEval = Inputs.gaussian(Rng.forRole(seed, Role.EVAL_DATA), settings.data().evalSize(),
                settings.widths().inputs(), settings.data().std(), fp);
        this.xTrain = TwoLayerBatches.trainingSet(settings, teacher, 0);
        this.readout = new TwoLayerReadout(teacher, student, xEval, fp);
        this.readout.setTrainingSet(xTrain);
        // Full-batch steps accumulate the gradient in chunks of the read-out's size.
        int batch = settings.miniBatches() ? settings.schedule().batchSize() : TwoLayerReadout.CHUNK;
        this.pluggedIn = engine != null || epochEngine != null;
        this.epochSteps = epochEngine == null ? null : epochEngine.create(spec, student.weights());
        this.steps = engine != null ? engine.create(spec, student.weights())
                : epochEngine != null ? null
                : new NativeTwoLayerSteps(student, new TwoLayerTrainer(student, batch, fp), settings.trainerOptions());
        this.batches = Rng.forRole(seed, Role.BATCHES);
        this.rows = settings.miniBatches() ? new int[batch] : IntStream.range(0, xTrain.rows()).toArray();
    }

    Matrix teacherTrainOutputs() {
        return readout.teacherTrainOutputs();
    }

    /** Student weights N(0, student_scale^2), biases 0 (normalized if {@code normalize}). */
    static TwoLayerNet initialStudent(TwoLayerSettings settings) {
        TwoLayerSettings.Widths w = settings.widths();
        int d = w.inputs();
        int n = w.studentNodes();
        double scale = settings.student().initScale();
        TwoLayerNet s = new TwoLayerNet(d, n, w.outputs(), settings.relu(), settings.floatPrecision());
        Rng rng = Rng.forRole(settings.seed(), Role.STUDENT);
        for (int k = 0; k < d; k++) {
            for (int j = 0; j < n; j++) {
                s.w1.set(k, j, rng.nextGaussian() * scale);
            }
        }
        for (int j = 0; j < n; j++) {
            for (int o = 0; o < w.outputs(); o++) {
                s.w2.set(j, o, rng.nextGaussian() * scale);
            }
        }
        if (settings.student().normalize()) {
            s.normalizeHiddenWeights();
        }
        return s;
    }

    public static RunResult run(RunSpec spec, EpochListener listener) {
        return run(spec, listener, (TwoLayerSteps.Factory) null);
    }

    /** The native run with its products split between the threads of {@code par} (same bits for any count). */
    public static RunResult run(RunSpec spec, EpochListener listener, Parallel par) {
        long start = System.nanoTime();
        return new TwoLayerRun(spec, null, par).train(listener, start);
    }

    /**
     * The run with another engine's steps: the same teacher, data, initial student and batch
     * sequence; the engine's student is copied into the native one after every epoch.
     */
    public static RunResult run(RunSpec spec, EpochListener listener, TwoLayerSteps.Factory engine) {
        long start = System.nanoTime();
        return new TwoLayerRun(spec, engine).train(listener, start);
    }

    /**
     * The run with an engine that trains whole epochs (on a cluster): the same teacher, data,
     * initial student and batches ({@link TwoLayerBatches}); its student is copied into the
     * native one after every epoch.
     */
    public static RunResult runByEpochs(RunSpec spec, EpochListener listener,
                                        EpochSteps.Factory<TwoLayerWeights> engine) {
        long start = System.nanoTime();
        return new TwoLayerRun(spec, null, engine, new Parallel(1)).train(listener, start);
    }

    /** Trains and reads out to the end; {@code start}: when the run began (its set-up counts in the wall time). */
    RunResult train(EpochListener listener, long start) {
        return EpochDriver.drive(runId, this, listener, start);
    }

    @Override
    public int epochs() {
        // finish_from_start: the finish starts from the initial student.
        return settings.finish().fromStart() ? 0 : settings.schedule().epochs();
    }

    @Override
    public double rateAt(int epoch) {
        return settings.schedule().rateAt(epoch);
    }

    @Override
    public ReadoutChoices readouts() {
        return settings.readouts();
    }

    /**
     * A fresh training set first with regen_dataset (epochs 1 on), then num_iter_per_epoch steps,
     * each on a batch drawn with replacement or on the whole training set. The steps' losses are
     * not checked: divergence shows in the weights.
     */
    @Override
    public boolean trainEpoch(int epoch, double lr) {
        if (epoch > 0 && settings.data().redrawEachEpoch()) {
            xTrain = TwoLayerBatches.trainingSet(settings, teacher, epoch);
            readout.setTrainingSet(xTrain);
        }
        if (epochSteps != null) {
            stepsTaken += epochSteps.train(epoch, lr).steps();
            student.load(epochSteps.weights());
            return true; // as below: divergence shows in the weights
        }
        for (int it = 0; it < settings.stepsPerEpoch(); it++) {
            if (settings.miniBatches()) {
                TwoLayerTrainer.drawRows(batches, xTrain.rows(), rows, rows.length);
            }
            steps.step(xTrain, readout.teacherTrainOutputs(), rows, rows.length, lr);
            stepsTaken++;
        }
        if (pluggedIn) {
            student.load(steps.weights());
        }
        return true;
    }

    @Override
    public boolean weightsFinite() {
        return student.w1.allFinite() && student.w2.allFinite();
    }

    @Override
    public EpochReadout readOut(int epoch, double lr) {
        return readout.measure(epoch, lr, settings.readouts().trainingSide());
    }

    @Override
    public void keep() {
        readout.keep();
    }

    @Override
    public List<LayerFinal> finals(List<EpochReadout> kept) {
        return List.of(readout.finalLayer(kept));
    }

    @Override
    public long steps() {
        return stepsTaken;
    }

    @Override
    public int trainSize() {
        return xTrain.rows();
    }

    /** The read-out before training is kept whatever it holds (as this experiment always has). */
    @Override
    public boolean checksBeforeTraining() {
        return false;
    }

    @Override
    public Optional<FinishingPhase> finishingPhase() {
        FinishSettings finish = settings.finish();
        if (!finish.enabled()) {
            return Optional.empty();
        }
        return Optional.of(epoch -> {
            GaussNewtonFinish.Report report = new GaussNewtonFinish(student, xTrain, readout.teacherTrainOutputs(),
                    settings.trainerOptions(), finish).run(student);
            // The finish's read-out always reads the training side, which says how the finish ended.
            return new Finished(report.iterations(), report.seconds(), report.noDescent(),
                    readout.measure(epoch, 0.0, true));
        });
    }

    /** The target reached, a stall or the budget ({@link StopReason#atEnd}), from the last read-out. */
    @Override
    public StopReason endedBy(EpochReadout last, boolean noDescent) {
        double fullBatchGradNorm = last.trainMeasured() ? last.gradNorms()[0] : Double.NaN;
        return StopReason.atEnd(settings.readouts().stopGradNorm(), fullBatchGradNorm, last.maxSampleGradNorm(),
                noDescent);
    }
}
