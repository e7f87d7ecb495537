package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.linalg.Parallel;
import org.reluspec.jobs.params.RunSpec;

/** Updates parameters from the gradients in their {@link Trainable#grad()} buffers (PyTorch semantics). */
interface Optimizer {
    void step(double lr);

    /** The spec's optimizer; SGD splits its update between the run's threads {@code par}. */
    static Optimizer of(RunSpec spec, List<Trainable> params, Parallel par) {
        double wd = spec.d("weight_decay");
        return spec.s("optim_method").equals("adam")
                ? new Adam(params, wd)
                : new Sgd(params, spec.d("momentum"), wd, par);
    }
}
