package org.reluspec.jobs.params;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrainingScheduleTest {
    @Test
    void halvesEveryPeriodAndReportsEpochZerosRateBeforeTraining() {
        TrainingSchedule s = new TrainingSchedule(10, LrSchedule.parse("0.8"), 1, 16);
        // Hand-computed: 0.8 halved once per epoch; epoch -1 is read out at epoch 0's rate.
        assertEquals(0.8, s.rateAt(-1));
        assertEquals(0.8, s.rateAt(0));
        assertEquals(0.4, s.rateAt(1));
        assertEquals(0.1, s.rateAt(3));
        TrainingSchedule every3 = new TrainingSchedule(10, LrSchedule.parse("0.8"), 3, 16);
        assertEquals(0.8, every3.rateAt(2));
        assertEquals(0.4, every3.rateAt(3));
    }
}
