package org.reluspec.driver.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.reluspec.driver.output.RecordBuilder;
import org.reluspec.driver.output.RunRecord;
import org.reluspec.driver.plan.MemoryModel;
import org.reluspec.driver.sweep.RunSource;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.RunResult;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The function Spark runs in each task: the partition holds one grid index; the run is rebuilt
 * from the grid (shipped once with the task), trained, and returned as rows. An exception is
 * rethrown so that Spark retries the task, except on the last allowed attempt, where the run is
 * recorded as {@code failed} with its error, so the sweep goes on.
 */
public final class RunTask extends AbstractFunction1<Iterator<Long>, RunRecord> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RunSource grid;
    private final int maxAttempts;
    private final String codeVersion;
    private final FaultHook fault;

    private final double timeoutSeconds;

    public RunTask(RunSource grid, int maxAttempts, String codeVersion, FaultHook fault) {
        this(grid, maxAttempts, codeVersion, fault, 0);
    }

    /** {@code timeoutSeconds}: a run still training after this long is stopped and recorded failed (0: no limit). */
    public RunTask(RunSource grid, int maxAttempts, String codeVersion, FaultHook fault, double timeoutSeconds) {
        this.grid = grid;
        this.maxAttempts = maxAttempts;
        this.codeVersion = codeVersion;
        this.fault = fault;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** A run stopped by the per-run time limit: recorded failed at once (another attempt would time out too). */
    static final class RunTimeout extends RuntimeException {
        RunTimeout(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public RunRecord apply(Iterator<Long> indices) {
        long index = indices.next();
        TaskContext ctx = TaskContext.get();
        int attempt = ctx == null ? 0 : ctx.attemptNumber();
        // The task's cores (spark.task.cpus) are the run's threads: the results do not depend on them.
        return run(index, attempt, ctx == null ? 1 : Math.max(1, ctx.cpus()));
    }

    /** Stops the run after the first epoch that ends past the time limit. */
    private EpochListener deadline(long startNanos) {
        return r -> {
            double secs = (System.nanoTime() - startNanos) * 1e-9;
            if (secs > timeoutSeconds) {
                throw new RunTimeout(String.format(java.util.Locale.ROOT,
                        "run timeout: still training after %.1f s (at epoch %d), over --run-timeout %s s",
                        secs, r.epoch(), fmt(timeoutSeconds)));
            }
        };
    }

    private static String fmt(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }

    /** One run on one thread, outside Spark too (benchmarks, tests). */
    public RunRecord run(long index, int attempt) {
        return run(index, attempt, 1);
    }

    /** One run on {@code threads} threads. */
    public RunRecord run(long index, int attempt, int threads) {
        return run(index, attempt, attempt + 1 < maxAttempts, (spec, listener) -> Runner.run(spec, listener, threads));
    }

    /**
     * One run of an engine that trains on the whole cluster, on the driver with its context
     * ({@link Runner#runOnCluster}): one attempt, a failure is recorded at once (Spark retries
     * the tasks inside the run).
     */
    RunRecord runOnCluster(long index, SparkContext sc) {
        return run(index, 0, false, (spec, listener) -> Runner.runOnCluster(spec, listener, sc));
    }

    /** How a run is trained: by its engine in this task, or on the cluster. */
    private interface Training {
        RunResult train(RunSpec spec, EpochListener listener);
    }

    /** {@code retried}: an exception is rethrown for another attempt rather than recorded. */
    private RunRecord run(long index, int attempt, boolean retried, Training training) {
        RunSpec spec = grid.spec(index);
        String sweep = grid.name();
        try {
            if (fault != null) {
                fault.maybeFail(spec, attempt);
            }
            RunResult result = training.train(spec, timeoutSeconds > 0 ? deadline(System.nanoTime()) : EpochListener.NONE);
            return RecordBuilder.ok(sweep, index, spec, result, attempt, codeVersion);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            if (retried && !(e instanceof RunTimeout)) {
                throw e;
            }
            return RecordBuilder.failed(sweep, index, spec, e, attempt, codeVersion);
        } catch (OutOfMemoryError e) {
            // Never rethrown as such: Spark ends an executor (the driver, in local mode) on a fatal error.
            RuntimeException oom = new RunOutOfMemory("out of memory: the run needs about "
                    + MemoryModel.format(MemoryModel.bytes(spec)) + ", the executor has "
                    + MemoryModel.format(Runtime.getRuntime().maxMemory()) + " of heap shared by its running tasks");
            if (retried) {
                throw oom;
            }
            return RecordBuilder.failed(sweep, index, spec, oom, attempt, codeVersion);
        }
    }

    /** A run that ran out of heap, as a non-fatal error that Spark retries. */
    static final class RunOutOfMemory extends RuntimeException {
        RunOutOfMemory(String message) {
            super(message);
        }
    }
}
