package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.linalg.Parallel;

/** Updates parameters from the gradients in their {@link Trainable#grad()} buffers (PyTorch semantics). */
interface Optimizer {
    void step(double lr);

    /** The settings' optimizer; SGD splits its update between the run's threads {@code par}. */
    static Optimizer of(MultiLayerSettings.OptimizerSettings settings, List<Trainable> params, Parallel par) {
        return settings.adam()
                ? new Adam(params, settings.weightDecay())
                : new Sgd(params, settings.momentum(), settings.weightDecay(), par);
    }
}
