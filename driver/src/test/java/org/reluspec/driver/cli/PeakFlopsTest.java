package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.linalg.DKernels;

/**
 * The bench's measured peak is a real vector peak: twice the float rate of double (twice the
 * lanes), and above what the double product kernel reaches in this JVM (a peak measured on boxed
 * or scalar code, a few GFLOP/s, would be below it).
 */
class PeakFlopsTest {
    @Test
    void thePeakIsAVectorPeakAboveTheProductKernelsRate() throws Exception {
        PeakFlops peak = PeakFlops.measure();
        assertTrue(List.of(128, 256, 512).contains(peak.bits()), "vector bits " + peak.bits());
        double ratio = peak.floatGflops() / peak.doubleGflops();
        assertTrue(ratio > 1.6 && ratio < 2.4, "float / double peak " + ratio);

        int n = 192;
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        double[] c = new double[n * n];
        java.util.Arrays.fill(a, 0.5);
        java.util.Arrays.fill(b, 0.25);
        double best = 0;
        for (int round = 0; round < 200; round++) { // the first rounds run before the JIT compiles
            long t0 = System.nanoTime();
            DKernels.gemm(false, a, n, b, n, c, n, n, n, n, false);
            best = Math.max(best, 2.0 * n * n * n / (System.nanoTime() - t0));
        }
        assertTrue(c[0] == 0.125 * n, "the product was computed");
        assertTrue(peak.doubleGflops() > best, "peak " + peak.doubleGflops() + " GFLOP/s, kernel " + best);
    }
}
