package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.linalg.Matrix;

/**
 * torch.optim.SGD: d = grad + wd w; buf = momentum buf + d (buf = d on the first step);
 * w -= lr buf. Without momentum, w -= lr d.
 */
final class Sgd implements Optimizer {
    private final List<Param> params;
    private final double momentum;
    private final double weightDecay;
    private final Matrix[] buf;
    private boolean started;

    Sgd(List<Param> params, double momentum, double weightDecay) {
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
            Param p = params.get(i);
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
            p.value().axpy(-lr, d);
        }
        started = true;
    }
}
