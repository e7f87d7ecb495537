package org.reluspec.jobs.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void gaussianDrawsHaveMeanZeroVarianceOneAndNormalTails() {
        Rng rng = Rng.forRole(42, Role.TRAIN_DATA);
        int n = 400_000;
        double sum = 0;
        double sq = 0;
        int beyond2 = 0;
        for (int i = 0; i < n; i++) {
            double g = rng.nextGaussian();
            sum += g;
            sq += g * g;
            if (Math.abs(g) > 2) {
                beyond2++;
            }
        }
        assertEquals(0.0, sum / n, 5 * Math.sqrt(1.0 / n));
        assertEquals(1.0, sq / n, 5 * Math.sqrt(2.0 / n));
        // P(|Z| > 2) = 0.0455
        assertEquals(0.0455, beyond2 / (double) n, 0.002);
    }

    @Test
    void boundedIntegersAreUniform() {
        Rng rng = Rng.forRole(1, Role.BATCHES);
        int[] counts = new int[7];
        int n = 700_000;
        for (int i = 0; i < n; i++) {
            counts[rng.nextInt(7)]++;
        }
        double chi2 = 0;
        for (int c : counts) {
            chi2 += Math.pow(c - n / 7.0, 2) / (n / 7.0);
        }
        assertTrue(chi2 < 22.5, "chi-square with 6 degrees of freedom, p < 0.001: " + chi2);
    }

    @Test
    void rolesAndSeedsGiveDifferentStreamsAndTheSameSeedTheSameOne() {
        assertEquals(Rng.forRole(3, Role.TEACHER).nextLong(), Rng.forRole(3, Role.TEACHER).nextLong());
        assertNotEquals(Rng.forRole(3, Role.TEACHER).nextLong(), Rng.forRole(3, Role.STUDENT).nextLong());
        assertNotEquals(Rng.forRole(3, Role.TEACHER).nextLong(), Rng.forRole(4, Role.TEACHER).nextLong());
        assertNotEquals(Rng.forRole(3, Role.TRAIN_DATA, 1).nextLong(), Rng.forRole(3, Role.TRAIN_DATA, 2).nextLong());
    }

    @Test
    void everyRoleHasItsOwnStreamId() {
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (Role r : Role.values()) {
            assertTrue(r.streamId() > 0 && ids.add(r.streamId()), r + " reuses stream id " + r.streamId());
        }
    }
}
