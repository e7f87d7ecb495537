package org.reluspec.jobs.multilayer;

import org.reluspec.jobs.linalg.Parallel;
import org.reluspec.jobs.params.RunSpec;

/**
 * The measured operations of a multi-layer run, for benchmarks: its set-up (teacher, data, the
 * teacher's evaluation activations, student), one SGD step on the next batch (teacher targets
 * included, as a run takes it), and one epoch's read-outs. FLOP counts are nominal (dense
 * products, ReLU zeros included).
 */
public final class MultiLayerBench {
    private final MultiLayerSession session;
    private final MultiLayerRun run;
    private final RunSpec spec;
    private final double setupSeconds;

    private MultiLayerBench(RunSpec spec, Parallel par) {
        this.spec = spec;
        long t0 = System.nanoTime();
        this.run = MultiLayerRun.prepare(spec, par);
        this.setupSeconds = (System.nanoTime() - t0) * 1e-9;
        this.session = MultiLayerSession.of(run, spec);
    }

    /** The run of {@code spec} with its products split between the threads of {@code par}. */
    public static MultiLayerBench prepare(RunSpec spec, Parallel par) {
        return new MultiLayerBench(spec, par);
    }

    /** Seconds the run's set-up took. */
    public double setupSeconds() {
        return setupSeconds;
    }

    public double step() {
        return session.step();
    }

    /** One epoch's read-outs; returns the evaluation loss so that the work cannot be elided. */
    public double readout() {
        return run.readOut(0, run.rateAt(0)).evalLoss();
    }

    /** One epoch's read-outs of the evaluation set only (readout_train=false), as {@link #readout}. */
    public double evalReadout() {
        return run.readOut(0, run.rateAt(0), false).evalLoss();
    }

    /**
     * Per step: the student's forward (2 b W), weight gradients (2 b W), input gradients of every
     * layer but the lowest (2 b (W - W_0)), the teacher's forward for the targets (2 b T) and the
     * update (2 W); W = the student's weights, T = the teacher's.
     */
    public long flopsPerStep() {
        MultiLayerSettings settings = MultiLayerSettings.of(spec);
        MultiLayerSettings.Widths widths = settings.widths();
        long b = settings.schedule().batchSize();
        long w = 0;
        long w0 = 0;
        long t = 0;
        int multi = widths.multi();
        long prevS = widths.inputs();
        long prevT = prevS;
        for (int k : widths.teacherHidden()) {
            long ws = prevS * k * multi;
            w0 = w0 == 0 ? ws : w0;
            w += ws;
            t += prevT * k;
            prevS = (long) k * multi;
            prevT = k;
        }
        w += prevS * widths.outputs();
        t += prevT * widths.outputs();
        return 2 * b * w + 2 * b * w + 2 * b * (w - w0) + 2 * b * t + 2 * w;
    }
}
