package org.reluspec.jobs.multilayer;

import java.util.List;
import java.util.Optional;
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
 * The multi-layer experiment: a teacher of widths ks, a student of widths ks * node_multi,
 * trained by shuffled mini-batch epochs on the teacher's outputs (MSE), read out after every
 * epoch ({@link MultiLayerReadout}). A pure function of the spec: every random draw comes from
 * the seed's role streams, and nothing else is read. The {@link EpochDriver} runs the epochs.
 *
 * <p>Teacher outputs on training batches are recomputed per batch (the teacher is node_multi
 * times narrower than the student, so this is cheap, and it needs no memory budget). A
 * non-finite batch loss ends the epoch at once; that epoch is not read out.
 */
public final class MultiLayerRun implements EpochRun {
    private final MultiLayerSettings settings;
    private final int nTrain;
    private final int batch;
    private final Matrix train;
    private final MultiLayerReadout readout;
    /** The teacher in the training precision, for the batches' targets. */
    private final Network teacherTrain;
    private final Network student;
    /** Takes the optimizer steps: the native engine on {@code student}, or a plug-in engine on its own copy. */
    private final MultiLayerSteps stepper;
    /** Trains whole epochs instead of {@code stepper} (null: step by step). */
    private final EpochSteps<List<LayerWeights>> epochSteps;
    private final boolean pluggedIn;
    private final Rng batchRng;
    private final Matrix xBuf;
    private final int[] idx;
    private final int[] perm;
    private long steps;

    private MultiLayerRun(RunSpec spec, MultiLayerSteps.Factory engine, Parallel par) {
        this(spec, engine, null, par);
    }

    private MultiLayerRun(RunSpec spec, MultiLayerSteps.Factory engine, EpochSteps.Factory<List<LayerWeights>> epochEngine, Parallel par) {
        this.settings = MultiLayerSettings.of(spec);
        boolean fp = settings.floatPrecision();
        int d = settings.widths().inputs();
        nTrain = settings.data().trainSize();
        batch = settings.schedule().batchSize();
        train = Matrix.create(fp, nTrain, d);
        Data.fill(train, MultiLayerBatches.trainingStream(settings, 0), settings);
        readout = new MultiLayerReadout(settings, train, par);
        teacherTrain = Teacher.create(settings, fp, batch, par);
        teacherTrain.copyFrom(readout.teacher);

        student = student(settings, fp, batch, par);
        Student.init(student, Rng.forRole(settings.seed(), Role.STUDENT), settings.studentScaleDown());
        if (settings.normalize()) {
            student.normalizeRows();
        }
        xBuf = Matrix.create(fp, batch, d);
        pluggedIn = engine != null || epochEngine != null;
        epochSteps = epochEngine == null ? null : epochEngine.create(spec, student.weights());
        stepper = engine != null ? engine.create(spec, student.weights())
                : epochEngine != null ? null
                : new NativeMultiLayerSteps(student, Optimizer.of(settings.optimizer(), student.params(), par),
                        Matrix.create(fp, batch, settings.widths().outputs()), settings.normalize());
        batchRng = Rng.forRole(settings.seed(), Role.BATCHES);
        idx = new int[batch];
        perm = new int[nTrain];
    }

    /** A student network (or a copy of one) of this run's shape, in {@code fp}, for batches of up to {@code capacity} rows. */
    static Network student(MultiLayerSettings settings, boolean fp, int capacity, Parallel par) {
        MultiLayerSettings.Widths w = settings.widths();
        MultiLayerSettings.Blocks b = settings.student();
        return new Network(fp, w.inputs(), w.student(), w.outputs(), b.biases(), b.batchNorm(), b.batchNormAffine(),
                b.batchNormBeforeRelu(), b.slope(), capacity, par);
    }

    public static RunResult run(RunSpec spec, EpochListener listener) {
        return run(spec, listener, (MultiLayerSteps.Factory) null);
    }

    /** The run with its products split between the threads of {@code par} (same bits for any count). */
    public static RunResult run(RunSpec spec, EpochListener listener, Parallel par) {
        long t0 = System.nanoTime();
        return EpochDriver.drive(spec.runId(), new MultiLayerRun(spec, null, par), listener, t0);
    }

    /**
     * The run with another engine's steps (null: native): the same teacher, data, initial student
     * and batch sequence; the engine's student is copied into the native one after every epoch.
     */
    public static RunResult run(RunSpec spec, EpochListener listener, MultiLayerSteps.Factory engine) {
        long t0 = System.nanoTime();
        return EpochDriver.drive(spec.runId(), new MultiLayerRun(spec, engine, new Parallel(1)), listener, t0);
    }

    /**
     * The run with an engine that trains whole epochs (on a cluster): the same teacher, data,
     * initial student and batch order ({@link MultiLayerBatches}); its student is copied into the
     * native one after every epoch.
     */
    public static RunResult runByEpochs(RunSpec spec, EpochListener listener, EpochSteps.Factory<List<LayerWeights>> engine) {
        long t0 = System.nanoTime();
        return EpochDriver.drive(spec.runId(), new MultiLayerRun(spec, null, engine, new Parallel(1)), listener, t0);
    }

    /** A run prepared but not started, for sessions. */
    static MultiLayerRun prepare(RunSpec spec, MultiLayerSteps.Factory engine) {
        return new MultiLayerRun(spec, engine, new Parallel(1));
    }

    /** A native run prepared but not started, its products split between the threads of {@code par}. */
    static MultiLayerRun prepare(RunSpec spec, Parallel par) {
        return new MultiLayerRun(spec, null, par);
    }

    /** The teacher of this spec, as the run builds it (for tests). */
    static Network teacherOf(RunSpec spec) {
        return new MultiLayerRun(spec, null, new Parallel(1)).readout.teacher;
    }

    @Override
    public int epochs() {
        return settings.schedule().epochs();
    }

    @Override
    public double rateAt(int epoch) {
        return settings.schedule().rateAt(epoch);
    }

    @Override
    public ReadoutChoices readouts() {
        return settings.readouts();
    }

    /** A fresh training set first with regen_dataset_each_epoch (epochs 1 on), then one shuffled pass. */
    @Override
    public boolean trainEpoch(int epoch, double lr) {
        if (epoch > 0 && settings.data().redrawEachEpoch()) {
            Data.fill(train, MultiLayerBatches.trainingStream(settings, epoch), settings);
        }
        if (epochSteps != null) {
            EpochSteps.Outcome outcome = epochSteps.train(epoch, lr);
            steps += outcome.steps();
            student.load(epochSteps.weights());
            return outcome.finite();
        }
        shuffle(batchRng);
        boolean finite = true;
        for (int start = 0; start < nTrain && finite; start += batch) {
            finite = Double.isFinite(stepAt(start, lr));
        }
        if (pluggedIn) {
            student.load(stepper.weights());
        }
        return finite;
    }

    /** A new epoch's order of the training set. */
    void shuffle(Rng batches) {
        MultiLayerBatches.shuffle(perm, batches);
    }

    /** One step on the batch at position {@code start} of the epoch's order; returns its loss (a step counts when finite). */
    double stepAt(int start, double lr) {
        int m = Math.min(batch, nTrain - start);
        System.arraycopy(perm, start, idx, 0, m);
        xBuf.gatherRows(train, idx, m);
        Matrix yT = teacherTrain.forward(xBuf, m, Network.Mode.EVAL);
        double loss = stepper.step(xBuf, yT, m, lr);
        if (Double.isFinite(loss)) {
            steps++;
        }
        return loss;
    }

    int batchSize() {
        return batch;
    }

    MultiLayerSteps stepper() {
        return stepper;
    }

    @Override
    public boolean weightsFinite() {
        return student.allFinite();
    }

    @Override
    public EpochReadout readOut(int epoch, double lr) {
        return readOut(epoch, lr, settings.readouts().trainingSide());
    }

    EpochReadout readOut(int epoch, double lr, boolean trainingSide) {
        return readout.measure(student, epoch, lr, trainingSide);
    }

    @Override
    public void keep() {
        readout.keep();
    }

    @Override
    public List<LayerFinal> finals(List<EpochReadout> kept) {
        return readout.finals(kept);
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public int trainSize() {
        return nTrain;
    }

    /** A non-finite start diverges at epoch -1 (as this experiment always has). */
    @Override
    public boolean checksBeforeTraining() {
        return true;
    }

    @Override
    public Optional<FinishingPhase> finishingPhase() {
        return Optional.empty();
    }

    /** This experiment has no stall rule: a run that missed its target ended by its budget. */
    @Override
    public StopReason endedBy(EpochReadout last, boolean noDescent) {
        return StopReason.BUDGET;
    }
}
