package org.reluspec.driver.spark;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.reluspec.driver.output.RecordBuilder;
import org.reluspec.driver.output.RunRecord;
import org.reluspec.driver.plan.MemoryModel;
import org.reluspec.driver.sweep.RunSource;
import org.reluspec.jobs.params.RunSpec;
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
        return run(index, attempt);
    }

    /** One run, outside Spark too (benchmarks, tests). */
    public RunRecord run(long index, int attempt) {
        RunSpec spec = grid.spec(index);
        String sweep = grid.name();
        try {
            if (fault != null) {
                fault.maybeFail(spec, attempt);
            }
            RunResult result = Runner.run(spec);
            return RecordBuilder.ok(sweep, index, spec, result, attempt, codeVersion);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            if (attempt + 1 < maxAttempts) {
                throw e;
            }
            return RecordBuilder.failed(sweep, index, spec, e, attempt, codeVersion);
        } catch (OutOfMemoryError e) {
            // Never rethrown as such: Spark ends an executor (the driver, in local mode) on a fatal error.
            RuntimeException oom = new RunOutOfMemory("out of memory: the run needs about "
                    + MemoryModel.format(MemoryModel.bytes(spec)) + ", the executor has "
                    + MemoryModel.format(Runtime.getRuntime().maxMemory()) + " of heap shared by its running tasks");
            if (attempt + 1 < maxAttempts) {
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
