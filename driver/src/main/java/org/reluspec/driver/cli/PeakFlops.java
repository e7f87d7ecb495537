package org.reluspec.driver.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One core's peak GFLOP/s, measured: fused multiply-adds on the widest vectors the machine has, in
 * a JVM of its own.
 *
 * @param bits the vector width measured (512 with AVX-512)
 */
record PeakFlops(int bits, double doubleGflops, double floatGflops) {

    /** Measures in a child JVM on this JVM's classpath. */
    static PeakFlops measure() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Measurement.class.getName()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("the peak measurement's JVM exited with " + p.exitValue());
        }
        String[] w = line.split(" ");
        return new PeakFlops(Integer.parseInt(w[0]), Double.parseDouble(w[1]), Double.parseDouble(w[2]));
    }

    double of(String precision) {
        return precision.equals("float") ? floatGflops : doubleGflops;
    }

    /**
     * The measurement, run in the child JVM. Its vector classes must not load in the bench's JVM:
     * there, a second double vector class makes the kernels' calls virtual, and their vectors box.
     */
    static final class Measurement {
        /** Calls for this long; the best counts (the JIT takes about two seconds to compile both loops). */
        private static final long MEASURE_NANOS = 3_000_000_000L;
        private static final long ITERATIONS = 200_000;
        /** Independent FMA chains: more than FMA latency times FMA units, so that the units never wait. */
        private static final int CHAINS = 12;
        /** Constants, so that the JIT keeps the vectors in registers. */
        private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
        private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

        private Measurement() {
        }

        public static void main(String[] args) {
            double sink = 0;
            double bestD = 0;
            double bestF = 0;
            for (long start = System.nanoTime(); System.nanoTime() - start < MEASURE_NANOS; ) {
                long t0 = System.nanoTime();
                sink += doubles(ITERATIONS);
                bestD = Math.max(bestD, (double) ITERATIONS * CHAINS * D.length() * 2 / (System.nanoTime() - t0));
                t0 = System.nanoTime();
                sink += floats(ITERATIONS);
                bestF = Math.max(bestF, (double) ITERATIONS * CHAINS * F.length() * 2 / (System.nanoTime() - t0));
            }
            System.out.printf(Locale.ROOT, "%d %.3f %.3f%n", D.vectorBitSize(), bestD + sink * 0, bestF);
        }

        /** a = a * x + y converges to 0.1, away from overflow and subnormals. The float twin follows. */
        private static double doubles(long iterations) {
            var x = DoubleVector.broadcast(D, 0.999999);
            var y = DoubleVector.broadcast(D, 1e-7);
            var a0 = DoubleVector.broadcast(D, 1);
            var a1 = a0; var a2 = a0; var a3 = a0; var a4 = a0; var a5 = a0;
            var a6 = a0; var a7 = a0; var a8 = a0; var a9 = a0; var a10 = a0; var a11 = a0;
            for (long i = 0; i < iterations; i++) {
                a0 = a0.fma(x, y); a1 = a1.fma(x, y); a2 = a2.fma(x, y); a3 = a3.fma(x, y);
                a4 = a4.fma(x, y); a5 = a5.fma(x, y); a6 = a6.fma(x, y); a7 = a7.fma(x, y);
                a8 = a8.fma(x, y); a9 = a9.fma(x, y); a10 = a10.fma(x, y); a11 = a11.fma(x, y);
            }
            return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                    .reduceLanes(VectorOperators.ADD);
        }

        private static double floats(long iterations) {
            var x = FloatVector.broadcast(F, 0.999999f);
            var y = FloatVector.broadcast(F, 1e-7f);
            var a0 = FloatVector.broadcast(F, 1);
            var a1 = a0; var a2 = a0; var a3 = a0; var a4 = a0; var a5 = a0;
            var a6 = a0; var a7 = a0; var a8 = a0; var a9 = a0; var a10 = a0; var a11 = a0;
            for (long i = 0; i < iterations; i++) {
                a0 = a0.fma(x, y); a1 = a1.fma(x, y); a2 = a2.fma(x, y); a3 = a3.fma(x, y);
                a4 = a4.fma(x, y); a5 = a5.fma(x, y); a6 = a6.fma(x, y); a7 = a7.fma(x, y);
                a8 = a8.fma(x, y); a9 = a9.fma(x, y); a10 = a10.fma(x, y); a11 = a11.fma(x, y);
            }
            return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                    .reduceLanes(VectorOperators.ADD);
        }
    }
}
