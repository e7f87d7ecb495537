package org.reluspec.driver.spark;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.reluspec.driver.output.RecordBuilder;
import org.reluspec.driver.output.RunRecord;
import org.reluspec.driver.sweep.RunSource;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochListener;
import org.reluspec.jobs.run.RunResult;
import org.reluspec.jobs.run.Runner;
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

    public RunTask(RunSource grid, int maxAttempts, String codeVersion, FaultHook fault) {
        this.grid = grid;
        this.maxAttempts = maxAttempts;
        this.codeVersion = codeVersion;
        this.fault = fault;
    }

    @Override
    public RunRecord apply(Iterator<Long> indices) {
        long index = indices.next();
        TaskContext ctx = TaskContext.get();
        int attempt = ctx == null ? 0 : ctx.attemptNumber();
        // The task's cores (spark.task.cpus) are the run's threads: the results do not depend on them.
        return run(index, attempt, ctx == null ? 1 : Math.max(1, ctx.cpus()));
    }

    /** One run on one thread, outside Spark too (benchmarks, tests). */
    public RunRecord run(long index, int attempt) {
        return run(index, attempt, 1);
    }

    /** One run on {@code threads} threads. */
    public RunRecord run(long index, int attempt, int threads) {
        RunSpec spec = grid.spec(index);
        String sweep = grid.name();
        try {
            if (fault != null) {
                fault.maybeFail(spec, attempt);
            }
            RunResult result = Runner.run(spec, EpochListener.NONE, threads);
            return RecordBuilder.ok(sweep, index, spec, result, attempt, codeVersion);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            if (attempt + 1 < maxAttempts) {
                throw e;
            }
            return RecordBuilder.failed(sweep, index, spec, e, attempt, codeVersion);
        }
    }
}
