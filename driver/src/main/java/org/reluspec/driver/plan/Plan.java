package org.reluspec.driver.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reluspec.driver.sweep.RunSource;
import org.reluspec.driver.sweep.SweepError;
import org.reluspec.jobs.engine.Engines;
import org.reluspec.jobs.params.Averaging;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.RunSpec;

/**
 * A sweep's runs (its grid, or any other {@link RunSource}) resolved, costed and ordered longest
 * first (ties in grid order), split into the ones already committed in the output and the ones
 * to do. Resolving every grid point here
 * is also the validation of every combination, before Spark starts or anything is written.
 */
public record Plan(RunSource grid, List<PlannedRun> all, List<PlannedRun> todo, int done) {

    public static Plan of(RunSource grid, Set<String> committed) {
        long size = grid.size();
        List<PlannedRun> all = new ArrayList<>((int) size);
        Set<String> ids = new HashSet<>();
        Map<String, Boolean> wholeCluster = new HashMap<>(); // one ServiceLoader look-up per engine, not per run
        for (long i = 0; i < size; i++) {
            RunSpec spec = grid.spec(i);
            String id = spec.runId();
            if (!ids.add(id)) {
                throw new SweepError(grid.source(), "two grid points resolve to the same run ("
                        + grid.describe(i) + ", run_id " + id + ")");
            }
            boolean onCluster = wholeCluster.computeIfAbsent(spec.s("engine"), Engines::needsCluster);
            all.add(new PlannedRun(i, id, CostModel.flops(spec), spec.experiment() == Experiment.MULTI_LAYER
                    ? CostModel.multiLayerCoreSeconds(spec) : Double.NaN, MemoryModel.bytes(spec),
                    onCluster ? Averaging.of(spec).workers() : 0, onCluster ? CostModel.averagingRounds(spec) : 0));
        }
        all.sort(Comparator.comparingDouble(PlannedRun::flops).reversed()
                .thenComparingLong(PlannedRun::index));
        return split(grid, all, committed);
    }

    /** The same runs, those in {@code committed} done: no grid point is resolved again. */
    public Plan withCommitted(Set<String> committed) {
        return split(grid, all, committed);
    }

    private static Plan split(RunSource grid, List<PlannedRun> all, Set<String> committed) {
        List<PlannedRun> todo = new ArrayList<>();
        for (PlannedRun r : all) {
            if (!committed.contains(r.runId())) {
                todo.add(r);
            }
        }
        return new Plan(grid, all, todo, all.size() - todo.size());
    }

    /**
     * Refuses (a user error naming the run and the sizes) a run to do that needs more heap than
     * an executor has for a task, {@code heapBytes}: it could only run out of memory.
     */
    public void checkMemory(long heapBytes, String heapSource) {
        for (PlannedRun r : todo) {
            if (r.bytes() > heapBytes) {
                throw new SweepError(grid.source(), "run " + grid.describe(r.index()) + " needs about "
                        + MemoryModel.format(r.bytes()) + " of heap, more than the " + MemoryModel.format(heapBytes)
                        + " a task has (" + heapSource + "); give the executors more memory or make the run smaller");
            }
        }
    }

    public double totalFlops() {
        return all.stream().mapToDouble(PlannedRun::flops).sum();
    }

    public double todoFlops() {
        return todo.stream().mapToDouble(PlannedRun::flops).sum();
    }

    /** Core-seconds of the runs to do, two-layer runs at {@code twoLayerRate} FLOP/s. */
    public double todoCoreSeconds(double twoLayerRate) {
        return todo.stream().mapToDouble(r -> r.coreSeconds(twoLayerRate)).sum();
    }

    /** The runs to do that the driver trains on the whole cluster, one after another ({@link PlannedRun#onWholeCluster}). */
    public List<PlannedRun> todoOnCluster() {
        return todo.stream().filter(PlannedRun::onWholeCluster).toList();
    }

    /**
     * Wall seconds of the runs to do on {@code cores} cores with {@code threads} threads per run:
     * the tasks' ({@link #todoTaskWallSeconds}), then the runs on the whole cluster's
     * ({@link #todoClusterWallSeconds}).
     */
    public double todoWallSeconds(double twoLayerRate, int cores, int threads) {
        return todoTaskWallSeconds(twoLayerRate, cores, threads) + todoClusterWallSeconds(twoLayerRate, cores, threads);
    }

    /**
     * Wall seconds of the runs to do in tasks: cores / threads runs at a time, each
     * {@link CostModel#threadSpeedup} times faster than on one thread, and never less than the
     * longest run.
     */
    public double todoTaskWallSeconds(double twoLayerRate, int cores, int threads) {
        List<PlannedRun> tasks = todo.stream().filter(r -> !r.onWholeCluster()).toList();
        int slots = Math.max(1, cores / threads);
        double speedup = CostModel.threadSpeedup(Math.min(threads, cores));
        double core = tasks.stream().mapToDouble(r -> r.coreSeconds(twoLayerRate)).sum();
        double longest = tasks.stream().mapToDouble(r -> r.coreSeconds(twoLayerRate)).max().orElse(0);
        return Math.max(core / (slots * speedup), longest / speedup);
    }

    /**
     * Wall seconds of the runs to do on the whole cluster: one after another, each with its
     * workers on the cores / threads task slots ({@link CostModel#clusterWallSeconds}).
     */
    public double todoClusterWallSeconds(double twoLayerRate, int cores, int threads) {
        int slots = Math.max(1, cores / threads);
        return todoOnCluster().stream().mapToDouble(r -> CostModel.clusterWallSeconds(r.coreSeconds(twoLayerRate),
                r.clusterWorkers(), r.averagingRounds(), slots)).sum();
    }
}
