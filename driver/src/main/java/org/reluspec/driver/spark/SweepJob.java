package org.reluspec.driver.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.reluspec.driver.output.RunRecord;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.plan.PlannedRun;
import org.reluspec.jobs.engine.Engines;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The work of a sweep: one Spark job with one task per ordinary run still to do (one grid index
 * per partition, in the plan's order), submitted through {@code submitJob} with a result handler,
 * so that each run's record reaches the driver's {@link #results} queue as soon as its task ends,
 * not when the job does; then the runs whose engine trains on the whole cluster
 * ({@link Engines#needsCluster}), one after another on a driver thread, each with the cluster to
 * itself, their records into the same queue.
 */
final class SweepJob {
    /** The Spark job group of the cluster runs' jobs, so that a stop cancels the one under way. */
    private static final String CLUSTER_RUNS = "reluspec-cluster-runs";

    private final SparkContext sc;
    private final SimpleFutureAction<BoxedUnit> tasks;
    private final Thread clusterRuns;
    private final LinkedBlockingQueue<RunRecord> results;
    private final int runs;
    private volatile boolean cancelled;
    private volatile String clusterFailure;

    private SweepJob(SparkContext sc, SimpleFutureAction<BoxedUnit> tasks, List<Long> clusterIndices, RunTask task,
                     LinkedBlockingQueue<RunRecord> results, int runs) {
        this.sc = sc;
        this.tasks = tasks;
        this.results = results;
        this.runs = runs;
        this.clusterRuns = clusterIndices.isEmpty() ? null
                : new Thread(() -> runOnCluster(clusterIndices, task), "reluspec cluster runs");
        if (clusterRuns != null) {
            clusterRuns.setDaemon(true);
            clusterRuns.start();
        }
    }

    /** Submits the plan's runs still to do; {@code runTimeoutSeconds}: see {@link SparkSweep.Limits}. */
    static SweepJob submit(SparkContext sc, Plan plan, double runTimeoutSeconds, String codeVersion) {
        List<PlannedRun> todo = plan.todo();
        FaultHook fault = FaultHook.parse(sc.getConf().get(FaultHook.CONF, null));
        RunTask task = new RunTask(plan.grid(), SparkSetup.maxAttempts(sc.getConf()), codeVersion, fault,
                runTimeoutSeconds);
        List<Long> indices = new ArrayList<>();
        List<Long> clusterIndices = new ArrayList<>();
        for (PlannedRun r : todo) {
            (r.onWholeCluster() ? clusterIndices : indices).add(r.index());
        }
        LinkedBlockingQueue<RunRecord> queue = new LinkedBlockingQueue<>();
        SimpleFutureAction<BoxedUnit> tasks = indices.isEmpty() ? null : submitTasks(sc, plan, indices, task, queue);
        return new SweepJob(sc, tasks, clusterIndices, task, queue, todo.size());
    }

    private static SimpleFutureAction<BoxedUnit> submitTasks(SparkContext sc, Plan plan, List<Long> indices,
                                                             RunTask task, LinkedBlockingQueue<RunRecord> queue) {
        List<Object> partitions = new ArrayList<>(indices.size());
        for (int i = 0; i < indices.size(); i++) {
            partitions.add(i);
        }
        JavaRDD<Long> rdd = JavaSparkContext.fromSparkContext(sc).parallelize(indices, indices.size());
        sc.setJobDescription(indices.size() + " runs of sweep " + plan.grid().name());
        @SuppressWarnings({"unchecked", "rawtypes"})
        SimpleFutureAction<BoxedUnit> job = sc.submitJob(rdd.rdd(), task,
                (scala.collection.Seq) JavaConverters.asScalaBuffer(partitions).toSeq(),
                new Collect(queue), new Done());
        return job;
    }

    /** After the tasks (the cluster is then free), each cluster run in turn, until cancelled. */
    private void runOnCluster(List<Long> indices, RunTask task) {
        if (tasks != null) {
            try {
                tasks.get();
            } catch (Exception e) {
                // The tasks' failure is the job's (see failure()); the cluster runs go on unless cancelled.
            }
        }
        sc.setJobGroup(CLUSTER_RUNS, "runs on the whole cluster", true);
        try {
            for (long index : indices) {
                if (cancelled) {
                    return;
                }
                RunRecord r = task.runOnCluster(index, sc);
                if (!cancelled) {
                    results.add(r);
                }
            }
        } catch (Throwable t) {
            // What a run does not record as failed (a missing native library, ...) stops the others too.
            clusterFailure = firstLine(t);
        }
    }

    LinkedBlockingQueue<RunRecord> results() {
        return results;
    }

    int runs() {
        return runs;
    }

    boolean isCompleted() {
        return (tasks == null || tasks.isCompleted()) && (clusterRuns == null || !clusterRuns.isAlive());
    }

    /** Stops the tasks and the cluster runs (the one under way is cancelled; its record is dropped). */
    void cancel() {
        cancelled = true;
        if (tasks != null) {
            tasks.cancel();
        }
        if (clusterRuns != null) {
            sc.cancelJobGroup(CLUSTER_RUNS);
        }
    }

    /** The first line of the error that ended the tasks' job or the cluster runs early (null: none did). */
    String failure() {
        if (tasks != null) {
            var value = tasks.value();
            if (value.isDefined() && value.get().isFailure()) {
                return firstLine(value.get().failed().get());
            }
        }
        return clusterFailure;
    }

    private static String firstLine(Throwable t) {
        return String.valueOf(t.getMessage()).lines().findFirst().orElse(t.toString());
    }

    /** Driver side: every finished task's record goes to the queue (called by Spark's scheduler). */
    private static final class Collect extends AbstractFunction2<Object, RunRecord, BoxedUnit> implements java.io.Serializable {
        private final transient LinkedBlockingQueue<RunRecord> queue;

        Collect(LinkedBlockingQueue<RunRecord> queue) {
            this.queue = queue;
        }

        @Override
        public BoxedUnit apply(Object index, RunRecord r) {
            queue.add(r);
            return BoxedUnit.UNIT;
        }
    }

    private static final class Done extends AbstractFunction0<BoxedUnit> implements java.io.Serializable {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }
}
