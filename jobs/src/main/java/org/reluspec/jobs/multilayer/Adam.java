package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.linalg.Matrix;

/**
 * torch.optim.Adam (betas 0.9, 0.999, eps 1e-8; weight decay added to the gradient):
 * w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
 */
final class Adam implements Optimizer {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPS = 1e-8;

    private final List<Trainable> params;
    private final double weightDecay;
    private final Matrix[] m1;
    private final Matrix[] m2;
    private int t;

    Adam(List<Trainable> params, double weightDecay) {
        this.params = params;
        this.weightDecay = weightDecay;
        m1 = new Matrix[params.size()];
        m2 = new Matrix[params.size()];
        for (int i = 0; i < m1.length; i++) {
            Matrix v = params.get(i).value();
            m1[i] = Matrix.create(v.entryBytes() == 4, v.rows(), v.cols());
            m2[i] = Matrix.create(v.entryBytes() == 4, v.rows(), v.cols());
        }
    }

    @Override
    public void step(double lr) {
        t++;
        double stepSize = lr / (1 - Math.pow(BETA1, t));
        double sqrtBc2 = Math.sqrt(1 - Math.pow(BETA2, t));
        for (int i = 0; i < m1.length; i++) {
            Trainable p = params.get(i);
            if (weightDecay != 0) {
                p.grad().axpy(weightDecay, p.value());
            }
            p.value().adamStep(p.grad(), m1[i], m2[i], BETA1, BETA2, stepSize, sqrtBc2, EPS);
        }
    }
}
