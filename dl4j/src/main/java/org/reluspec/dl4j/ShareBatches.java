package org.reluspec.dl4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochBatches;

/**
 * Executor side of engine=dl4j-spark: a worker's share of a round as Deeplearning4j data sets,
 * one per batch, built from the spec alone ({@link EpochBatches}: the training set, the batches'
 * rows and the teacher's targets of the run, by the experiment's {@code source}), so that no data travels from the driver. The epoch's batches are
 * built once per executor JVM and kept for the rounds that follow ({@link #cached}).
 */
final class ShareBatches implements FlatMapFunction<Iterator<EpochShare>, DataSet> {
    private static final long serialVersionUID = 1L;
    /** The latest epoch built in this JVM: executors of one run take one epoch at a time. */
    private static Cached latest;

    private final RunSpec spec;
    private final EpochBatches.Source source;

    ShareBatches(RunSpec spec, EpochBatches.Source source) {
        this.spec = spec;
        this.source = source;
    }

    private record Cached(String runId, int epoch, EpochBatches batches) {
    }

    @Override
    public Iterator<DataSet> call(Iterator<EpochShare> shares) {
        Nd4jRuntime.configure();
        DataType type = Nd4jRuntime.dataType(spec.floatPrecision());
        List<DataSet> out = new ArrayList<>();
        while (shares.hasNext()) {
            EpochShare share = shares.next();
            EpochBatches batches = cached(spec, source, share.epoch());
            for (int b = share.first(); b < share.first() + share.count(); b++) {
                EpochBatches.Batch batch;
                synchronized (batches) {
                    batch = batches.batch(b);
                }
                int rows = batch.rows();
                out.add(new DataSet(
                        Nd4j.create(batch.inputs(), new long[] {rows, batch.inputs().length / rows}, type),
                        Nd4j.create(batch.targets(), new long[] {rows, batch.targets().length / rows}, type)));
            }
        }
        return out.iterator();
    }

    private static synchronized EpochBatches cached(RunSpec spec, EpochBatches.Source source, int epoch) {
        if (latest == null || !latest.runId().equals(spec.runId()) || latest.epoch() != epoch) {
            latest = null; // the previous epoch's training set goes before the next one is built
            latest = new Cached(spec.runId(), epoch, source.of(spec, epoch));
        }
        return latest.batches();
    }
}
