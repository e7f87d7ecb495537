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
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The Spark job of a sweep: one task per run still to do (one grid index per partition, in the
 * plan's order), submitted through {@code submitJob} with a result handler, so that each run's
 * record reaches the driver's {@link #results} queue as soon as its task ends, not when the job does.
 */
record SweepJob(SimpleFutureAction<BoxedUnit> future, LinkedBlockingQueue<RunRecord> results, int runs) {

    /** Submits the plan's runs still to do; {@code runTimeoutSeconds}: see {@link SparkSweep.Limits}. */
    static SweepJob submit(SparkContext sc, Plan plan, double runTimeoutSeconds, String codeVersion) {
        List<PlannedRun> todo = plan.todo();
        FaultHook fault = FaultHook.parse(sc.getConf().get(FaultHook.CONF, null));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        List<Long> indices = new ArrayList<>(todo.size());
        List<Object> partitions = new ArrayList<>(todo.size());
        for (int i = 0; i < todo.size(); i++) {
            indices.add(todo.get(i).index());
            partitions.add(i);
        }
        JavaRDD<Long> rdd = jsc.parallelize(indices, todo.size());
        LinkedBlockingQueue<RunRecord> queue = new LinkedBlockingQueue<>();
        RunTask task = new RunTask(plan.grid(), SparkSetup.maxAttempts(sc.getConf()), codeVersion, fault,
                runTimeoutSeconds);
        sc.setJobDescription(todo.size() + " runs of sweep " + plan.grid().name());
        @SuppressWarnings({"unchecked", "rawtypes"})
        SimpleFutureAction<BoxedUnit> job = sc.submitJob(rdd.rdd(), task,
                (scala.collection.Seq) JavaConverters.asScalaBuffer(partitions).toSeq(),
                new Collect(queue), new Done());
        return new SweepJob(job, queue, todo.size());
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
