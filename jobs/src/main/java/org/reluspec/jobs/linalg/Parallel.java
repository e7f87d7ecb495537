package org.reluspec.jobs.linalg;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads of one run: the calling thread plus {@code threads - 1} workers, created with the
 * run and closed with it (nothing is shared between runs). A product is split between them by
 * blocks of output rows or columns; each entry is still computed by one thread as one chain in
 * the kernels' fixed order, so results do not depend on the number of threads. With one thread
 * the products are called directly and no thread is started.
 *
 * <p>Not thread-safe: one run issues its products one at a time. Handing a product to the
 * workers allocates nothing (the product's arguments are held in one reusable descriptor).
 */
public final class Parallel implements AutoCloseable {
    /** Spins (a few microseconds) before parking: a short wait stays cheap, a long one leaves the core to others. */
    private static final int SPINS = 2_000;

    private final int threads;
    private final Thread[] workers;
    private final Thread owner;
    private final Product product = new Product();
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.owner = Thread.currentThread();
        this.workers = new Thread[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            int part = w + 1;
            workers[w] = new Thread(() -> work(part), "reluspec-run-" + owner.getName() + "-" + part);
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    public int threads() {
        return threads;
    }

    /** The worker threads' ids (for CPU-time accounting in benchmarks). */
    public long[] workerIds() {
        long[] ids = new long[workers.length];
        for (int w = 0; w < ids.length; w++) {
            ids[w] = workers[w].getId();
        }
        return ids;
    }

    /** c[0..m) = a[0..m) * b (+= when accumulate), as {@link Matrix#mul}. */
    public void mul(Matrix c, Matrix a, Matrix b, int m, boolean accumulate) {
        if (threads == 1 || (long) m * c.cols() * a.cols() < MIN_WORK) {
            c.mul(a, b, m, accumulate);
        } else {
            run(Product.GEMM, false, a, a.cols(), b, c, m, c.cols(), a.cols(), accumulate);
        }
    }

    /** c = a[0..m)^T * b[0..m) (+= when accumulate), as {@link Matrix#mulTransA}. */
    public void mulTransA(Matrix c, Matrix a, Matrix b, int m, boolean accumulate) {
        if (threads == 1 || (long) c.rows() * c.cols() * m < MIN_WORK) {
            c.mulTransA(a, b, m, accumulate);
        } else {
            run(Product.GEMM, true, a, a.cols(), b, c, c.rows(), c.cols(), m, accumulate);
        }
    }

    /** c[0..m) = a[0..m) * b^T (+= when accumulate), as {@link Matrix#mulTransB}. */
    public void mulTransB(Matrix c, Matrix a, Matrix b, int m, boolean accumulate) {
        if (threads == 1 || (long) m * c.cols() * a.cols() < MIN_WORK) {
            c.mulTransB(a, b, m, accumulate);
        } else {
            run(Product.TRANS_B, false, a, a.cols(), b, c, m, c.cols(), a.cols(), accumulate);
        }
    }

    /** y += alpha * x (same shape), as {@link Matrix#axpy}: each element is computed as on one thread. */
    public void axpy(Matrix y, double alpha, Matrix x) {
        int n = y.rows() * y.cols();
        if (threads == 1 || n < MIN_ELEMENTS) {
            y.axpy(alpha, x);
        } else {
            product.alpha = alpha;
            run(Product.AXPY, false, x, 0, x, y, 1, n, 0, false);
        }
    }

    /** Element-wise updates smaller than this run on the calling thread. */
    private static final int MIN_ELEMENTS = 1 << 14;

    /** Products smaller than this many multiply-adds run on the calling thread (a hand-over costs microseconds). */
    private static final long MIN_WORK = 1L << 16;

    private void run(int kind, boolean transA, Matrix a, int lda, Matrix b, Matrix c, int m, int n, int k,
                     boolean accumulate) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a run's products are issued by the thread that created its Parallel");
        }
        product.set(kind, transA, a, lda, b, c, m, n, k, accumulate, threads);
        remaining.set(workers.length);
        generation++;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        product.run(0);
        int spins = 0;
        while (remaining.get() != 0) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 50_000);
            }
        }
        Throwable t = failure;
        if (t != null) {
            failure = null;
            throw new IllegalStateException("a worker thread of the run failed", t);
        }
    }

    private void work(int part) {
        int seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            try {
                product.run(part);
            } catch (Throwable t) {
                failure = t;
            }
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(owner);
            }
        }
    }

    /** Stops the workers. */
    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }

    /**
     * The product being computed and how it is cut: along output columns when C is at least as
     * wide as tall, else along rows; cuts fall on tile boundaries (8 rows; 24 columns, three float
     * vectors or six double).
     */
    private static final class Product {
        static final int GEMM = 0;
        static final int TRANS_B = 1;
        /** C += alpha * A over n elements (a 1 x n view), cut along those elements. */
        static final int AXPY = 2;
        private double alpha;
        /** AXPY's y += alpha * x (the product's C and A). */
        private Matrix y;
        private Matrix x;
        private int kind;
        private boolean transA;
        private boolean accumulate;
        private double[] da;
        private double[] db;
        private double[] dc;
        private float[] fa;
        private float[] fb;
        private float[] fc;
        private int lda;
        private int ldb;
        private int ldc;
        private int m;
        private int n;
        private int k;
        private int parts;

        void set(int kind, boolean transA, Matrix a, int lda, Matrix b, Matrix c, int m, int n, int k,
                 boolean accumulate, int parts) {
            this.kind = kind;
            this.y = c;
            this.x = a;
            this.transA = transA;
            this.accumulate = accumulate;
            if (c instanceof DMatrix dm) {
                da = ((DMatrix) a).a;
                db = ((DMatrix) b).a;
                dc = dm.a;
                fa = null;
                fb = null;
                fc = null;
            } else {
                fa = ((FMatrix) a).a;
                fb = ((FMatrix) b).a;
                fc = ((FMatrix) c).a;
                da = null;
                db = null;
                dc = null;
            }
            this.lda = lda;
            this.ldb = b.cols();
            this.ldc = c.cols();
            this.m = m;
            this.n = n;
            this.k = k;
            this.parts = parts;
        }

        void run(int part) {
            if (kind == AXPY) {
                int units = (n + 63) / 64;
                int from = Math.min(n, (int) ((long) units * part / parts) * 64);
                int to = Math.min(n, (int) ((long) units * (part + 1) / parts) * 64);
                y.axpy(alpha, x, from, to);
                return;
            }
            boolean byColumns = n >= m;
            int unit = byColumns ? 24 : 8;
            int extent = byColumns ? n : m;
            int units = (extent + unit - 1) / unit;
            int from = Math.min(extent, (int) ((long) units * part / parts) * unit);
            int to = Math.min(extent, (int) ((long) units * (part + 1) / parts) * unit);
            if (from >= to) {
                return;
            }
            int i0 = byColumns ? 0 : from;
            int i1 = byColumns ? m : to;
            int j0 = byColumns ? from : 0;
            int j1 = byColumns ? to : n;
            if (dc != null) {
                if (kind == GEMM) {
                    DKernels.gemm(transA, da, lda, db, ldb, dc, ldc, i0, i1, j0, j1, k, accumulate);
                } else {
                    DKernels.gemmTransB(da, lda, db, ldb, dc, ldc, i0, i1, j0, j1, k, accumulate);
                }
            } else if (kind == GEMM) {
                FKernels.gemm(transA, fa, lda, fb, ldb, fc, ldc, i0, i1, j0, j1, k, accumulate);
            } else {
                FKernels.gemmTransB(fa, lda, fb, ldb, fc, ldc, i0, i1, j0, j1, k, accumulate);
            }
        }
    }
}
