package org.reluspec.jobs.run;

/** Told of each epoch's read-outs as soon as they are measured (e.g. to print a table line). */
@FunctionalInterface
public interface EpochListener {
    EpochListener NONE = r -> { };

    void onEpoch(EpochReadout readout);
}
