package org.reluspec.jobs.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float update {@code a[i] += alpha * x[i]} with a double alpha, as Java computes it (in
 * double, rounded once to float), with explicit SIMD conversions: JDK 17's compiler does not
 * vectorize float-double conversions, and its scalar loop ran 4 to 15 times slower, varying from
 * one JVM to the next.
 */
final class FloatUpdate {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
    /** Rejoins two halves of four: the second half's lanes 0-3 move to lanes 4-7. */
    private static final VectorShuffle<Float> LOWER_TO_UPPER = VectorShuffle.fromValues(F, 0, 0, 0, 0, 0, 1, 2, 3);
    private static final VectorMask<Float> UPPER =
            VectorMask.fromValues(F, false, false, false, false, true, true, true, true);

    /**
     * Shorter ranges stay scalar (measured: with the two-layer bench's small network, whose ranges
     * are short, the vector loop's conversions were sometimes left to the slow generic code, 10x).
     */
    private static final int MIN_LENGTH = 256;

    private FloatUpdate() {
    }

    /** Updates a[from, end) for the largest end <= to that the vectors reach; returns end. */
    static int axpy(float[] a, double alpha, float[] x, int from, int to) {
        if (to - from < MIN_LENGTH) {
            return from;
        }
        var scale = DoubleVector.broadcast(D, alpha);
        int i = from;
        // Eight entries per pass, as two halves of four. Each half is loaded as eight floats of which
        // the lower four widen (no lane moves: the conversion the JIT always compiles), so the
        // second half's load reads up to i + 11.
        for (int last = to - 12; i <= last; i += 8) {
            var a0 = (DoubleVector) FloatVector.fromArray(F, a, i).convertShape(VectorOperators.F2D, D, 0);
            var x0 = (DoubleVector) FloatVector.fromArray(F, x, i).convertShape(VectorOperators.F2D, D, 0);
            var a1 = (DoubleVector) FloatVector.fromArray(F, a, i + 4).convertShape(VectorOperators.F2D, D, 0);
            var x1 = (DoubleVector) FloatVector.fromArray(F, x, i + 4).convertShape(VectorOperators.F2D, D, 0);
            var lower = (FloatVector) a0.add(scale.mul(x0)).convertShape(VectorOperators.D2F, F, 0);
            var upper = (FloatVector) a1.add(scale.mul(x1)).convertShape(VectorOperators.D2F, F, 0);
            lower.blend(upper.rearrange(LOWER_TO_UPPER), UPPER).intoArray(a, i);
        }
        return i;
    }
}
