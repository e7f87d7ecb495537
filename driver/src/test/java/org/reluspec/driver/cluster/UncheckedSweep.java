package org.reluspec.driver.cluster;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.reluspec.driver.cli.RunCommand;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.plan.Plan;
import org.reluspec.driver.spark.SparkSweep;
import org.reluspec.driver.sweep.Grid;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.SweepSpec;

/**
 * A driver process that runs a sweep (local[1], one attempt per task) without the plan's memory
 * check, as if the estimate were too low: {@code UncheckedSweep SWEEP.yaml OUT}; exits as bin/sweep run.
 */
public final class UncheckedSweep {
    private UncheckedSweep() {
    }

    public static void main(String[] args) throws Exception {
        SweepSpec spec = SweepLoader.load(args[0], List.of());
        Grid grid = new Grid(spec);
        ResultsFolder folder = ResultsFolder.open(args[1], spec.name(), new Configuration());
        Plan plan = Plan.of(grid, folder.check(spec.canonicalBody(grid.size())));
        SparkSweep.Options o = new SparkSweep.Options("local[1]", Map.of("spark.ui.enabled", "false",
                "spark.task.maxFailures", "1"), 1000, 0.5, 32, 0, false);
        int code = RunCommand.execute(spec, plan, folder, o, "none", System.out, System.err);
        System.out.flush();
        System.exit(code);
    }
}
