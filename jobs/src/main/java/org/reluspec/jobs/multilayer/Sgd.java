package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.linalg.Matrix;
import org.reluspec.jobs.linalg.Parallel;

/**
 * torch.optim.SGD: d = grad + wd w; buf = momentum buf + d (buf = d on the first step);
 * w -= lr buf. Without momentum, w -= lr d.
 */
final class Sgd implements Optimizer {
    private final List<Trainable> params;
    private final double momentum;
    private final double weightDecay;
    private final Matrix[] buf;
    private boolean started;
    /** The run's threads: the update (one pass over every weight) is split between them. */
    private final Parallel par;

    Sgd(List<Trainable> params, double momentum, double weightDecay) {
        this(params, momentum, weightDecay, new Parallel(1));
    }

    Sgd(List<Trainable> params, double momentum, double weightDecay, Parallel par) {
        this.par = par;
        this.params = params;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        buf = new Matrix[params.size()];
        if (momentum != 0) {
            for (int i = 0; i < buf.length; i++) {
                Matrix v = params.get(i).value();
                buf[i] = Matrix.create(v.entryBytes() == 4, v.rows(), v.cols());
            }
        }
    }

    @Override
    public void step(double lr) {
        for (int i = 0; i < buf.length; i++) {
            Trainable p = params.get(i);
            Matrix d = p.grad();
            if (weightDecay != 0) {
                d.axpy(weightDecay, p.value()); // the gradient buffer is rewritten by the next backward
            }
            if (momentum != 0) {
                if (started) {
                    buf[i].scaleAdd(momentum, 1.0, d);
                } else {
                    buf[i].copyFrom(d);
                }
                d = buf[i];
            }
            par.axpy(p.value(), -lr, d);
        }
        started = true;
    }
}
