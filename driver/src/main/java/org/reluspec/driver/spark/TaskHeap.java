package org.reluspec.driver.spark;

import java.util.Locale;
import org.apache.spark.network.util.JavaUtils;
import org.reluspec.driver.UserError;
import org.reluspec.driver.plan.MemoryModel;

/**
 * The heap a run's task has: in local mode the driver's own (-Xmx, RELUSPEC_DRIVER_MEMORY of
 * bin/sweep), on a cluster {@code spark.executor.memory} (Spark's default 1g), less what Spark
 * reserves for itself.
 */
public record TaskHeap(long bytes, String source) {

    public static TaskHeap of(SparkSweep.Options o) {
        String master = o.master() != null ? o.master() : o.conf().getOrDefault("spark.master", "local[*]");
        if (master.startsWith("local")) {
            long max = Runtime.getRuntime().maxMemory();
            return new TaskHeap(max - MemoryModel.SPARK_RESERVED_BYTES, String.format(Locale.ROOT,
                    "local mode: the driver's heap of %s less Spark's %s; bin/sweep sets it with RELUSPEC_DRIVER_MEMORY",
                    MemoryModel.format(max), MemoryModel.format(MemoryModel.SPARK_RESERVED_BYTES)));
        }
        String mem = o.conf().getOrDefault("spark.executor.memory", "1g");
        long bytes;
        try {
            bytes = JavaUtils.byteStringAsBytes(mem);
        } catch (RuntimeException e) {
            throw new UserError("--conf spark.executor.memory=" + mem + ": expected a size such as 4g or 512m");
        }
        return new TaskHeap(bytes - MemoryModel.SPARK_RESERVED_BYTES, "spark.executor.memory=" + mem
                + " less Spark's " + MemoryModel.format(MemoryModel.SPARK_RESERVED_BYTES));
    }
}
