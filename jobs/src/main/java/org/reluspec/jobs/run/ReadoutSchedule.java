package org.reluspec.jobs.run;

/**
 * Which epochs are read out with {@code readout_every = every}: before training (epoch -1), every
 * epoch that is a multiple of {@code every} (so epoch 0 and, for every = 5, the paper's epoch 5),
 * and the last epoch. every = 1 reads out every epoch.
 */
public final class ReadoutSchedule {
    private ReadoutSchedule() {
    }

    public static boolean readsOut(int epoch, int epochs, int every) {
        return epoch < 0 || epoch % every == 0 || epoch == epochs - 1;
    }

    /** The number of read-outs of a run of {@code epochs} epochs that is not stopped early. */
    public static int count(int epochs, int every) {
        int n = 0;
        for (int e = -1; e < epochs; e++) {
            n += readsOut(e, epochs, every) ? 1 : 0;
        }
        return n;
    }
}
