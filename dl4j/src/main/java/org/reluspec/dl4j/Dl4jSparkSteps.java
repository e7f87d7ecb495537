package org.reluspec.dl4j;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.reluspec.jobs.multilayer.LayerWeights;
import org.reluspec.jobs.multilayer.MultiLayerBatches;
import org.reluspec.jobs.multilayer.MultiLayerSettings;
import org.reluspec.jobs.params.Averaging;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.run.EpochBatches;
import org.reluspec.jobs.run.EpochSteps;
import org.reluspec.jobs.twolayer.TwoLayerBatches;
import org.reluspec.jobs.twolayer.TwoLayerSettings;
import org.reluspec.jobs.twolayer.TwoLayerWeights;

/**
 * A student of engine=dl4j trained data-parallel on a Spark cluster by Deeplearning4j's
 * parameter averaging ({@link ParameterAveragingTrainingMaster}).
 *
 * <p>An epoch is the run's batch sequence (the native one, {@link EpochBatches}) cut into rounds
 * of workers x frequency batches. In a round, worker w starts from the current parameters (and
 * optimizer state), takes {@code frequency} steps on batches w * frequency ... of the round, and
 * the parameters, BN statistics and optimizer states of the workers are then averaged. One
 * worker averaging every step is engine=dl4j's SGD; otherwise it is not SGD on a larger batch:
 * each worker's later steps start from its own parameters, not from the average.
 *
 * <p>Each round is one fit of the training master on an RDD of one partition per worker that
 * holds only the worker's share (epoch, first batch, count): the executors build the batches
 * themselves ({@link ShareBatches}). Fitting round by round keeps the batch order: given a whole
 * epoch, the master would cut it into rounds at random.
 *
 * @param <W> the experiment's weights
 */
final class Dl4jSparkSteps<W> implements EpochSteps<W> {
    private final RunSpec spec;
    private final JavaSparkContext sc;
    private final Dl4jStudent<W> student;
    private final EpochBatches.Source batches;
    private final SparkDl4jMultiLayer sparkNet;
    private final int workers;
    private final int frequency;
    private final int batchesPerEpoch;

    private Dl4jSparkSteps(RunSpec spec, Dl4jStudent<W> student, EpochBatches.Source batches, int batchSize,
                           int batchesPerEpoch, Averaging averaging, JavaSparkContext sc) {
        this.spec = spec;
        this.sc = sc;
        this.student = student;
        this.batches = batches;
        this.workers = averaging.workers();
        this.frequency = averaging.frequency();
        this.batchesPerEpoch = batchesPerEpoch;
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(frequency)
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                // Our RDD is the round, already one partition per worker, in the run's order.
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.Never)
                .storageLevel(null)
                .trainingHooks(new CorrectionsHook(student.corrections()))
                .build();
        this.sparkNet = new SparkDl4jMultiLayer(sc, student.network(), master);
    }

    /** The multi-layer run: an epoch is one shuffled pass over the training set. */
    static Dl4jSparkSteps<List<LayerWeights>> multiLayer(RunSpec spec, List<LayerWeights> initial,
                                                         JavaSparkContext sc) {
        MultiLayerSettings settings = MultiLayerSettings.of(spec);
        int batch = settings.schedule().batchSize();
        return new Dl4jSparkSteps<>(spec, new Dl4jMultiLayer(settings, initial), MultiLayerBatches::of, batch,
                MultiLayerBatches.count(settings.data().trainSize(), batch), settings.averaging(), sc);
    }

    /** The two-layer SGD run: an epoch is num_iter_per_epoch batches drawn with replacement. */
    static Dl4jSparkSteps<TwoLayerWeights> twoLayer(RunSpec spec, TwoLayerWeights initial, JavaSparkContext sc) {
        TwoLayerSettings settings = TwoLayerSettings.of(spec);
        return new Dl4jSparkSteps<>(spec, new Dl4jTwoLayer(settings, initial), TwoLayerBatches::of,
                settings.schedule().batchSize(), settings.stepsPerEpoch(), settings.averaging(), sc);
    }

    @Override
    public Outcome train(int epoch, double lr) {
        student.rate(lr);
        long steps = 0;
        for (int first = 0; first < batchesPerEpoch; first += workers * frequency) {
            List<EpochShare> shares = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int start = first + w * frequency;
                int count = Math.min(frequency, batchesPerEpoch - start);
                if (count > 0) {
                    shares.add(new EpochShare(epoch, start, count));
                }
            }
            JavaRDD<DataSet> round = sc.parallelize(shares, shares.size())
                    .mapPartitions(new ShareBatches(spec, batches));
            sparkNet.fit(round);
            // The master's score: the mean of the workers' last losses.
            if (!Double.isFinite(sparkNet.getScore())) {
                return new Outcome(steps, false);
            }
            steps += shares.stream().mapToInt(EpochShare::count).sum();
        }
        return new Outcome(steps, true);
    }

    @Override
    public W weights() {
        return student.weights();
    }
}
