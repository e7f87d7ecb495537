package org.reluspec.jobs.params;

/**
 * When a run reads out, what it measures, and when a read-out ends it; shared by both experiments.
 *
 * <p>Catalog names: {@code every} readout_every, {@code trainingSide} readout_train,
 * {@code stopGradNorm} stop_grad_norm (0: never).
 */
public record ReadoutChoices(int every, boolean trainingSide, double stopGradNorm) {

    public static ReadoutChoices of(RunSpec spec) {
        return new ReadoutChoices(spec.i("readout_every"), spec.b("readout_train"), spec.d("stop_grad_norm"));
    }

    /** Whether a read-out whose largest per-sample gradient norm is {@code maxSampleGradNorm} ends the run. */
    public boolean reachesTarget(double maxSampleGradNorm) {
        return stopGradNorm > 0 && maxSampleGradNorm <= stopGradNorm;
    }
}
