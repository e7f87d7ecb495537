package org.reluspec.dl4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reluspec.jobs.linalg.Matrix;

/**
 * ND4J set up for one run per task: its thread pools (OpenMP in libnd4j, OpenBLAS) are limited to
 * {@code reluspec.dl4j.threads} threads (system property; default 1), so that an executor running
 * one task per core is not oversubscribed. Set {@code OMP_NUM_THREADS=1} (and
 * {@code OPENBLAS_NUM_THREADS=1}) in the executors' environment as well
 * ({@code spark.executorEnv.OMP_NUM_THREADS=1}): libnd4j reads it when it loads.
 * ND4J's settings are global to the JVM; this class sets them once.
 */
final class Nd4jRuntime {
    static final String THREADS_PROPERTY = "reluspec.dl4j.threads";
    private static final Object LOCK = new Object();
    private static boolean configured;

    private Nd4jRuntime() {
    }

    static void configure() {
        synchronized (LOCK) {
            if (configured) {
                return;
            }
            int threads = Integer.getInteger(THREADS_PROPERTY, 1);
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
            configured = true;
        }
    }

    static DataType dataType(boolean floatPrecision) {
        return floatPrecision ? DataType.FLOAT : DataType.DOUBLE;
    }

    /** Columns 0..cols of rows {@code rows[0..count)} of {@code src} as a count x cols array. */
    static INDArray gather(Matrix src, int[] rows, int count, int cols, double[] rowBuf, DataType type) {
        double[] flat = new double[count * cols];
        for (int i = 0; i < count; i++) {
            src.getRow(rows[i], rowBuf);
            System.arraycopy(rowBuf, 0, flat, i * cols, cols);
        }
        return Nd4j.create(flat, new long[] {count, cols}, type);
    }

    /** Rows 0..count of {@code src} as a count x cols array. */
    static INDArray head(Matrix src, int count, double[] rowBuf, DataType type) {
        int cols = src.cols();
        double[] flat = new double[count * cols];
        for (int i = 0; i < count; i++) {
            src.getRow(i, rowBuf);
            System.arraycopy(rowBuf, 0, flat, i * cols, cols);
        }
        return Nd4j.create(flat, new long[] {count, cols}, type);
    }

    /** A rows x cols array from row-major values. */
    static INDArray array(double[] values, long rows, long cols, DataType type) {
        return Nd4j.create(values, new long[] {rows, cols}, type);
    }

    /** The values of {@code a} in row-major order, as doubles. */
    static double[] rowMajor(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }
}
