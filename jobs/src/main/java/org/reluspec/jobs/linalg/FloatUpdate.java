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
    private static final VectorShuffle<Float> LOWER_TO_UPPER = VectorShuffle.fromValues(F, 0, 0, 0, 0, 0, 1, 2, 3);
    private static final VectorMask<Float> UPPER = VectorMask.fromValues(F, false, false, false, false, true, true, true, true);

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
        for (int last = to - 12; i <= last; i += 8) {
            var lower = ((DoubleVector) FloatVector.fromArray(F, a, i).convertShape(VectorOperators.F2D, D, 0))
                    .add(scale.mul((DoubleVector) FloatVector.fromArray(F, x, i).convertShape(VectorOperators.F2D, D, 0)));
            var upper = ((DoubleVector) FloatVector.fromArray(F, a, i + 4).convertShape(VectorOperators.F2D, D, 0))
                    .add(scale.mul((DoubleVector) FloatVector.fromArray(F, x, i + 4).convertShape(VectorOperators.F2D, D, 0)));
            var lowerF = (FloatVector) lower.convertShape(VectorOperators.D2F, F, 0);
            var upperF = (FloatVector) upper.convertShape(VectorOperators.D2F, F, 0);
            lowerF.blend(upperF.rearrange(LOWER_TO_UPPER), UPPER).intoArray(a, i);
        }
        return i;
    }
}
