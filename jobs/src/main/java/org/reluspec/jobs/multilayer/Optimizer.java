package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.params.RunSpec;

/** Updates parameters from the gradients in their {@link Param#grad()} buffers (PyTorch semantics). */
interface Optimizer {
    void step(double lr);

    static Optimizer of(RunSpec spec, List<Param> params) {
        double wd = spec.d("weight_decay");
        return spec.s("optim_method").equals("adam")
                ? new Adam(params, wd)
                : new Sgd(params, spec.d("momentum"), wd);
    }
}
