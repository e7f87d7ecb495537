package org.reluspec.jobs.twolayer;

import java.util.ArrayList;
import java.util.List;
import org.reluspec.jobs.data.Inputs;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.linalg.Parallel;
import org.reluspec.jobs.params.LrSchedule;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.EpochReadout;
import org.reluspec.jobs.run.LayerFinal;
import org.reluspec.jobs.run.ReadoutSchedule;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.Status;
import org.reluspec.jobs.run.StopReason;

/**
 * The reference's two-layer experiment: a fixed teacher, an over-realized student of
 * m * multi hidden nodes, SGD on mini-batches drawn with replacement (or full-batch gradient
 * descent), read-outs before training and after every epoch.
 */
public final class TwoLayerRun {
    private final RunSpec spec;
    private final boolean fp;
    final TwoLayerNet teacher;
    final TwoLayerNet student;
    Matrix xTrain;
    final Matrix xEval;
    private final TwoLayerReadout readout;
    private final TwoLayerTrainer trainer;
    /** Another engine's steps (null: the native trainer), and its row buffer. */
    private final TwoLayerSteps external;
    private int[] externalRows;

    TwoLayerRun(RunSpec spec) {
        this(spec, null);
    }

    /** A run whose steps are taken by {@code engine} (null: the native trainer). */
    TwoLayerRun(RunSpec spec, TwoLayerSteps.Factory engine) {
        this(spec, engine, new Parallel(1));
    }

    /** A run whose products are split between the threads of {@code par}. */
    TwoLayerRun(RunSpec spec, TwoLayerSteps.Factory engine, Parallel par) {
        this.spec = spec;
        this.fp = spec.floatPrecision();
        this.teacher = TwoLayerTeacher.build(spec);
        this.student = initialStudent(spec);
        teacher.splitProductsBetween(par);
        student.splitProductsBetween(par);
        long seed = spec.i("seed");
        this.xEval = Inputs.gaussian(Rng.forRole(seed, Role.EVAL_DATA), spec.i("N_eval"), spec.i("d"),
                spec.d("data_std"), fp);
        this.xTrain = spec.b("theory_suggest_train")
                ? TheoryDataset.build(Rng.forRole(seed, Role.TRAIN_DATA), teacher, spec.i("N_train"),
                        spec.d("data_std"), spec.d("theory_suggest_mean"), spec.d("theory_suggest_sigma"), fp)
                : Inputs.gaussian(Rng.forRole(seed, Role.TRAIN_DATA), spec.i("N_train"), spec.i("d"),
                        spec.d("data_std"), fp);
        this.readout = new TwoLayerReadout(teacher, student, xEval, fp);
        this.readout.setTrainingSet(xTrain);
        int batch = spec.b("use_sgd") ? spec.i("batchsize") : TwoLayerReadout.CHUNK;
        this.trainer = new TwoLayerTrainer(student, batch, fp);
        this.external = engine == null ? null : engine.create(spec, student.weights());
    }

    Matrix teacherTrainOutputs() {
        return readout.teacherTrainOutputs();
    }

    static TwoLayerTrainer.Options options(RunSpec spec) {
        return new TwoLayerTrainer.Options(
                !spec.b("feature_fixed"), !spec.b("top_layer_fixed"), spec.b("normalize"), spec.b("no_bias"));
    }

    /** Student weights N(0, student_scale^2), biases 0 (normalized if {@code normalize}). */
    static TwoLayerNet initialStudent(RunSpec spec) {
        int d = spec.i("d");
        int n = spec.i("m") * spec.i("multi");
        int c = spec.i("c");
        double scale = spec.d("student_scale");
        TwoLayerNet s = new TwoLayerNet(d, n, c, spec.b("nonlinear"), spec.floatPrecision());
        Rng rng = Rng.forRole(spec.i("seed"), Role.STUDENT);
        for (int k = 0; k < d; k++) {
            for (int j = 0; j < n; j++) {
                s.w1.set(k, j, rng.nextGaussian() * scale);
            }
        }
        for (int j = 0; j < n; j++) {
            for (int o = 0; o < c; o++) {
                s.w2.set(j, o, rng.nextGaussian() * scale);
            }
        }
        if (spec.b("normalize")) {
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
     * sequence; the engine's student is copied into the native one before every read-out.
     */
    public static RunResult run(RunSpec spec, EpochListener listener, TwoLayerSteps.Factory engine) {
        long start = System.nanoTime();
        return new TwoLayerRun(spec, engine).train(listener, start);
    }

    RunResult train(EpochListener listener, long start) {
        LrSchedule schedule = spec.lr();
        int lrReduction = spec.i("lr_reduction");
        int epochs = spec.i("num_epoch");
        int iters = spec.i("num_iter_per_epoch");
        boolean sgd = spec.b("use_sgd");
        Rng batches = Rng.forRole(spec.i("seed"), Role.BATCHES);
        TwoLayerTrainer.Options options = options(spec);

        List<EpochReadout> history = new ArrayList<>();
        int readoutEvery = spec.i("readout_every");
        boolean readoutTrain = spec.b("readout_train");
        EpochReadout first = readout.measure(-1, lrAt(schedule, lrReduction, 0), readoutTrain);
        history.add(first);
        listener.onEpoch(first);
        List<LayerFinal> finals = List.of(readout.finalLayer(history));
        long steps = 0;
        int diverged = RunResult.NOT_DIVERGED;
        double stopGrad = spec.d("stop_grad_norm");
        StopReason stoppedBy = StopReason.BUDGET;
        FinishSettings finish = FinishSettings.of(spec);
        if (finish.fromStart()) {
            epochs = 0;
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            double lr = lrAt(schedule, lrReduction, epoch);
            for (int it = 0; it < iters; it++) {
                if (external != null) {
                    externalStep(sgd, batches, lr);
                } else if (sgd) {
                    trainer.sgdStep(xTrain, readout.teacherTrainOutputs(), batches, lr, options);
                } else {
                    trainer.fullBatchStep(xTrain, readout.teacherTrainOutputs(), lr, options);
                }
                steps++;
            }
            if (external != null) {
                student.load(external.weights());
            }
            if (!student.w1.allFinite() || !student.w2.allFinite()) {
                diverged = epoch;
                break;
            }
            if (ReadoutSchedule.readsOut(epoch, epochs, readoutEvery)) {
                EpochReadout r = readout.measure(epoch, lr, readoutTrain);
                if (!r.finite()) {
                    diverged = epoch;
                    break;
                }
                history.add(r);
                finals = List.of(readout.finalLayer(history));
                listener.onEpoch(r);
                if (stopGrad > 0 && r.maxSampleGradNorm() <= stopGrad) {
                    stoppedBy = StopReason.GRADIENT_TARGET;
                    break;
                }
            }
            if (spec.b("regen_dataset") && epoch + 1 < epochs) {
                xTrain = Inputs.gaussian(Rng.forRole(spec.i("seed"), Role.TRAIN_DATA, epoch + 1),
                        xTrain.rows(), spec.i("d"), spec.d("data_std"), fp);
                readout.setTrainingSet(xTrain);
            }
        }
        GaussNewtonFinish.Report finished = new GaussNewtonFinish.Report(0, 0, 0.0, false);
        if (diverged == RunResult.NOT_DIVERGED && stoppedBy != StopReason.GRADIENT_TARGET) {
            if (finish.enabled()) {
                finished = new GaussNewtonFinish(student, xTrain, readout.teacherTrainOutputs(), options, finish)
                        .run(student);
                // The finish's read-out follows the last epoch's, labelled with the epochs run; it
                // always reads the training side, which says how the finish ended.
                EpochReadout r = readout.measure(history.get(history.size() - 1).epoch() + 1, 0.0, true);
                if (r.finite()) {
                    history.add(r);
                    finals = List.of(readout.finalLayer(history));
                    listener.onEpoch(r);
                } else {
                    diverged = r.epoch();
                }
            }
            EpochReadout last = history.get(history.size() - 1);
            double fullBatchGradNorm = last.trainMeasured() ? last.gradNorms()[0] : Double.NaN;
            stoppedBy = StopReason.atEnd(stopGrad, fullBatchGradNorm, last.maxSampleGradNorm(),
                    finished.noDescent());
        }
        Status status = diverged == RunResult.NOT_DIVERGED ? Status.OK : Status.DIVERGED;
        if (status == Status.DIVERGED) {
            stoppedBy = StopReason.DIVERGED;
        }
        double wall = (System.nanoTime() - start) * 1e-9;
        return new RunResult(spec.runId(), status, diverged, stoppedBy, steps, xTrain.rows(), wall,
                List.copyOf(history), finals, finished.iterations(), finished.seconds());
    }

    /** One step of the external engine: the native trainer's batch, or the whole training set. */
    private void externalStep(boolean sgd, Rng batches, double lr) {
        int n = xTrain.rows();
        int count = sgd ? trainer.batch() : n;
        if (externalRows == null || externalRows.length < count) {
            externalRows = new int[count];
        }
        if (sgd) {
            TwoLayerTrainer.drawRows(batches, n, externalRows, count);
        } else {
            for (int r = 0; r < n; r++) {
                externalRows[r] = r;
            }
        }
        external.step(xTrain, readout.teacherTrainOutputs(), externalRows, count, lr);
    }

    /** The schedule's rate, halved every {@code lr_reduction} epochs as the reference does. */
    static double lrAt(LrSchedule schedule, int lrReduction, int epoch) {
        double lr = schedule.rateAt(epoch);
        if (lrReduction > 0) {
            lr /= Math.pow(2, epoch / lrReduction);
        }
        return lr;
    }
}
