package org.reluspec.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.params.ReadoutChoices;

/** The one epoch loop, on a scripted experiment: what is read out, kept, labelled and reported. */
class EpochDriverTest {

    /** An experiment whose weights turn non-finite after {@code badEpoch}, whose read-outs have the scripted per-sample gradient norms. */
    private static final class Scripted implements EpochRun {
        int epochs = 5;
        ReadoutChoices readouts = new ReadoutChoices(1, true, 0.0);
        int badWeightsFrom = Integer.MAX_VALUE;
        int badReadoutAt = Integer.MAX_VALUE;
        boolean checksBeforeTraining = true;
        double maxSampleGradNorm = 1.0;
        FinishingPhase finish;
        final List<Integer> trained = new ArrayList<>();
        final List<Integer> keptAtFinals = new ArrayList<>();
        int keeps;
        int current = -1;

        @Override
        public int epochs() {
            return epochs;
        }

        @Override
        public double rateAt(int epoch) {
            return 0.5 / (epoch + 1);
        }

        @Override
        public ReadoutChoices readouts() {
            return readouts;
        }

        @Override
        public boolean trainEpoch(int epoch, double lr) {
            trained.add(epoch);
            current = epoch;
            return true;
        }

        @Override
        public boolean weightsFinite() {
            return current < badWeightsFrom;
        }

        @Override
        public EpochReadout readOut(int epoch, double lr) {
            double loss = epoch == badReadoutAt ? Double.NaN : 1.0 / (epoch + 2);
            return new EpochReadout(epoch, lr, loss, loss, new double[] {0.1, 0.2}, maxSampleGradNorm, List.of());
        }

        @Override
        public void keep() {
            keeps++;
        }

        @Override
        public List<LayerFinal> finals(List<EpochReadout> kept) {
            keptAtFinals.add(kept.size());
            return List.of();
        }

        @Override
        public long steps() {
            return 10L * trained.size();
        }

        @Override
        public int trainSize() {
            return 7;
        }

        @Override
        public boolean checksBeforeTraining() {
            return checksBeforeTraining;
        }

        @Override
        public Optional<FinishingPhase> finishingPhase() {
            return Optional.ofNullable(finish);
        }

        @Override
        public StopReason endedBy(EpochReadout last, boolean noDescent) {
            return noDescent ? StopReason.STALLED : StopReason.BUDGET;
        }
    }

    private static List<Integer> epochs(RunResult r) {
        return r.epochs().stream().map(EpochReadout::epoch).toList();
    }

    @Test
    void readsOutBeforeTrainingThenOnTheScheduleAndTheLastEpoch() {
        Scripted run = new Scripted();
        run.epochs = 6;
        run.readouts = new ReadoutChoices(4, true, 0.0);
        List<Integer> told = new ArrayList<>();
        RunResult r = EpochDriver.drive("id", run, e -> told.add(e.epoch()), System.nanoTime());
        assertEquals(List.of(-1, 0, 4, 5), epochs(r));
        assertEquals(told, epochs(r), "the listener hears every kept read-out, in order");
        assertEquals(List.of(0, 1, 2, 3, 4, 5), run.trained);
        assertEquals(run.rateAt(0), r.epochs().get(0).lr(), "the read-out before training reports epoch 0's rate");
        assertEquals(Status.OK, r.status());
        assertNull(r.divergedEpoch());
        assertEquals(StopReason.BUDGET, r.stoppedBy());
        assertEquals(60, r.steps());
        assertEquals(7, r.nTrain());
        assertEquals(4, run.keeps);
        assertEquals(List.of(4), run.keptAtFinals, "final results computed once, from every kept read-out");
    }

    @Test
    void nonFiniteWeightsBetweenReadoutsEndTheRunAtThatEpoch() {
        Scripted run = new Scripted();
        run.epochs = 10;
        run.readouts = new ReadoutChoices(4, true, 0.0);
        run.badWeightsFrom = 6;
        RunResult r = EpochDriver.drive("id", run, e -> { }, System.nanoTime());
        assertEquals(Status.DIVERGED, r.status());
        assertEquals(6, r.divergedEpoch());
        assertEquals(StopReason.DIVERGED, r.stoppedBy());
        assertEquals(List.of(-1, 0, 4), epochs(r));
        assertEquals(List.of(3), run.keptAtFinals);
    }

    @Test
    void aNonFiniteReadoutIsNotKept() {
        Scripted run = new Scripted();
        run.badReadoutAt = 2;
        RunResult r = EpochDriver.drive("id", run, e -> { }, System.nanoTime());
        assertEquals(2, r.divergedEpoch());
        assertEquals(List.of(-1, 0, 1), epochs(r));
        assertEquals(3, run.keeps);
    }

    @Test
    void theReadoutBeforeTrainingIsCheckedOnlyWhenTheExperimentAsks() {
        Scripted checked = new Scripted();
        checked.badReadoutAt = -1;
        RunResult r = EpochDriver.drive("id", checked, e -> { }, System.nanoTime());
        assertEquals(-1, r.divergedEpoch());
        assertTrue(r.epochs().isEmpty());
        assertTrue(checked.keptAtFinals.isEmpty(), "no kept read-out: no final results");
        assertTrue(checked.trained.isEmpty());

        Scripted unchecked = new Scripted();
        unchecked.badReadoutAt = -1;
        unchecked.checksBeforeTraining = false;
        RunResult kept = EpochDriver.drive("id", unchecked, e -> { }, System.nanoTime());
        assertNull(kept.divergedEpoch());
        assertFalse(kept.epochs().get(0).finite());
        assertEquals(6, kept.epochs().size());
    }

    @Test
    void theGradientTargetStopsAfterTrainingNotBeforeAndSkipsTheFinish() {
        Scripted run = new Scripted();
        run.readouts = new ReadoutChoices(1, true, 2.0);
        run.finish = epoch -> {
            throw new AssertionError("no finish after the target is met");
        };
        RunResult r = EpochDriver.drive("id", run, e -> { }, System.nanoTime());
        assertEquals(StopReason.GRADIENT_TARGET, r.stoppedBy());
        assertEquals(List.of(-1, 0), epochs(r));
        assertEquals(List.of(0), run.trained);
    }

    @Test
    void theFinishReadsOutAsTheEpochAfterTheLastAndReportsItsWork() {
        Scripted run = new Scripted();
        run.epochs = 3;
        run.finish = epoch -> new EpochRun.Finished(12, 0.25, true, run.readOut(epoch, 0.0));
        RunResult r = EpochDriver.drive("id", run, e -> { }, System.nanoTime());
        assertEquals(List.of(-1, 0, 1, 2, 3), epochs(r));
        assertEquals(12, r.finishIterations());
        assertEquals(0.25, r.finishSeconds());
        assertEquals(StopReason.STALLED, r.stoppedBy(), "the experiment's rule, told that no step lowered the loss");

        Scripted diverging = new Scripted();
        diverging.epochs = 3;
        diverging.badReadoutAt = 3;
        diverging.finish = epoch -> new EpochRun.Finished(4, 0.5, false, diverging.readOut(epoch, 0.0));
        RunResult d = EpochDriver.drive("id", diverging, e -> { }, System.nanoTime());
        assertEquals(3, d.divergedEpoch());
        assertEquals(StopReason.DIVERGED, d.stoppedBy());
        assertEquals(4, d.finishIterations());
        assertEquals(List.of(-1, 0, 1, 2), epochs(d));
    }
}
