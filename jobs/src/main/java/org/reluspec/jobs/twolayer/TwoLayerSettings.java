package org.reluspec.jobs.twolayer;

import org.reluspec.jobs.params.Averaging;
import org.reluspec.jobs.params.DataSets;
import org.reluspec.jobs.params.ReadoutChoices;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.params.TrainingSchedule;

/**
 * Everything a two-layer run reads from its spec, typed: built once from a resolved (and so
 * already checked) {@link RunSpec}, which stays the serialized form (run_id, Parquet columns).
 *
 * <p>Catalog names: {@code seed} seed, {@code floatPrecision} precision=float, {@code widths}
 * {@link Widths}, {@code relu} nonlinear, {@code biases} not no_bias, {@code teacher}
 * {@link Teacher}, {@code student} {@link Student}, {@code data} {@link DataSets},
 * {@code theorySet} {@link TheorySet}, {@code schedule} {@link TrainingSchedule},
 * {@code stepsPerEpoch} num_iter_per_epoch, {@code miniBatches} use_sgd (false: full-batch
 * gradient descent), {@code readouts} {@link ReadoutChoices}, {@code finish} {@link FinishSettings},
 * {@code averaging} {@link Averaging}.
 */
public record TwoLayerSettings(long seed, boolean floatPrecision, Widths widths, boolean relu, boolean biases,
                               Teacher teacher, Student student, DataSets data, TheorySet theorySet,
                               TrainingSchedule schedule, int stepsPerEpoch, boolean miniBatches,
                               ReadoutChoices readouts, FinishSettings finish, Averaging averaging) {

    /** Catalog names: {@code inputs} d, {@code teacherNodes} m, {@code multi} multi, {@code outputs} c. */
    public record Widths(int inputs, int teacherNodes, int multi, int outputs) {
        /** Hidden nodes of the over-realized student: m * multi. */
        public int studentNodes() {
            return teacherNodes * multi;
        }
    }

    /**
     * Catalog names: {@code bias} bias (0 with no_bias: the biases the teacher gets),
     * {@code strengthDecay} teacher_strength_decay.
     */
    public record Teacher(double bias, double strengthDecay) {
    }

    /**
     * Catalog names: {@code initScale} student_scale, {@code normalize} normalize,
     * {@code trainHidden} not feature_fixed, {@code trainOutput} not top_layer_fixed.
     */
    public record Student(double initScale, boolean normalize, boolean trainHidden, boolean trainOutput) {
    }

    /**
     * The theory-suggested training set ({@link TheoryDataset}). Catalog names: {@code used}
     * theory_suggest_train, {@code shiftMean} theory_suggest_mean, {@code shiftSpread}
     * theory_suggest_sigma.
     */
    public record TheorySet(boolean used, double shiftMean, double shiftSpread) {
    }

    public static TwoLayerSettings of(RunSpec spec) {
        boolean biases = !spec.b("no_bias");
        return new TwoLayerSettings(spec.i("seed"), spec.floatPrecision(),
                new Widths(spec.i("d"), spec.i("m"), spec.i("multi"), spec.i("c")),
                spec.b("nonlinear"), biases,
                new Teacher(biases ? spec.d("bias") : 0.0, spec.d("teacher_strength_decay")),
                new Student(spec.d("student_scale"), spec.b("normalize"), !spec.b("feature_fixed"),
                        !spec.b("top_layer_fixed")),
                DataSets.of(spec),
                new TheorySet(spec.b("theory_suggest_train"), spec.d("theory_suggest_mean"),
                        spec.d("theory_suggest_sigma")),
                TrainingSchedule.of(spec), spec.i("num_iter_per_epoch"), spec.b("use_sgd"),
                ReadoutChoices.of(spec), FinishSettings.of(spec), Averaging.of(spec));
    }

    /** What the native trainer updates and keeps. */
    TwoLayerTrainer.Options trainerOptions() {
        return new TwoLayerTrainer.Options(student.trainHidden(), student.trainOutput(), student.normalize(),
                !biases);
    }
}
