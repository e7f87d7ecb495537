package org.reluspec.jobs.multilayer;

import java.util.List;
import org.reluspec.jobs.params.Averaging;
import org.reluspec.jobs.params.DataSets;
import org.reluspec.jobs.params.ReadoutChoices;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.params.TrainingSchedule;

/**
 * Everything a multi-layer run reads from its spec, typed: built once from a resolved (and so
 * already checked) {@link RunSpec}, which stays the serialized form (run_id, Parquet columns).
 *
 * <p>Catalog names: {@code seed} seed, {@code floatPrecision} precision=float, {@code widths}
 * {@link Widths}, {@code teacher} and {@code student} {@link Blocks}, {@code teacherBiasTune}
 * teacher_bias_tune, {@code teacherStrengthDecay} teacher_strength_decay, {@code studentScaleDown}
 * student_scale_down, {@code normalize} normalize, {@code data} {@link DataSets},
 * {@code gaussianInputs} dataset=gaussian (false: uniform), {@code optimizer}
 * {@link OptimizerSettings}, {@code schedule} {@link TrainingSchedule}, {@code readouts}
 * {@link ReadoutChoices}, {@code averaging} {@link Averaging}.
 */
public record MultiLayerSettings(long seed, boolean floatPrecision, Widths widths, Blocks teacher, Blocks student,
                                 boolean teacherBiasTune, double teacherStrengthDecay, double studentScaleDown,
                                 boolean normalize, DataSets data, boolean gaussianInputs,
                                 OptimizerSettings optimizer, TrainingSchedule schedule, ReadoutChoices readouts,
                                 Averaging averaging) {

    /**
     * Catalog names: {@code inputs} data_d, {@code teacherHidden} ks (one width per hidden layer),
     * {@code multi} node_multi, {@code outputs} d_output.
     */
    public record Widths(int inputs, List<Integer> teacherHidden, int multi, int outputs) {
        public Widths {
            teacherHidden = List.copyOf(teacherHidden);
        }

        public int depth() {
            return teacherHidden.size();
        }

        public int[] teacher() {
            return teacherHidden.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The student's hidden widths: ks * node_multi. */
        public int[] student() {
            return teacherHidden.stream().mapToInt(k -> k * multi).toArray();
        }
    }

    /**
     * How one network's hidden blocks are built. Catalog names: {@code biases} not no_bias,
     * {@code batchNorm} bn (teacher: teacher_bn), {@code batchNormAffine} bn_affine (teacher:
     * teacher_bn_affine), {@code batchNormBeforeRelu} bn_before_relu, {@code slope} leaky_relu
     * (student: 0 with leaky_relu_student=false, as the reference's code passes it to the teacher
     * only).
     */
    public record Blocks(boolean biases, boolean batchNorm, boolean batchNormAffine, boolean batchNormBeforeRelu,
                         double slope) {
    }

    /** Catalog names: {@code adam} optim_method=adam (false: sgd), {@code momentum}, {@code weightDecay} weight_decay. */
    public record OptimizerSettings(boolean adam, double momentum, double weightDecay) {
    }

    public static MultiLayerSettings of(RunSpec spec) {
        boolean biases = !spec.b("no_bias");
        boolean bnBeforeRelu = spec.b("bn_before_relu");
        double slope = spec.d("leaky_relu");
        return new MultiLayerSettings(spec.i("seed"), spec.floatPrecision(),
                new Widths(spec.i("data_d"), spec.ints("ks"), spec.i("node_multi"), spec.i("d_output")),
                new Blocks(biases, spec.b("teacher_bn"), spec.b("teacher_bn_affine"), bnBeforeRelu, slope),
                new Blocks(biases, spec.b("bn"), spec.b("bn_affine"), bnBeforeRelu,
                        spec.b("leaky_relu_student") ? slope : 0.0),
                spec.b("teacher_bias_tune"), spec.d("teacher_strength_decay"), spec.d("student_scale_down"),
                spec.b("normalize"), DataSets.of(spec), spec.s("dataset").equals("gaussian"),
                new OptimizerSettings(spec.s("optim_method").equals("adam"), spec.d("momentum"),
                        spec.d("weight_decay")),
                TrainingSchedule.of(spec), ReadoutChoices.of(spec),
                Averaging.of(spec));
    }
}
