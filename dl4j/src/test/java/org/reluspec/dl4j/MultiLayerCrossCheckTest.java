package org.reluspec.dl4j;

import static org.reluspec.dl4j.Agreement.assertClose;
import static org.reluspec.dl4j.Agreement.assertMoved;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.engine.Runner;
import org.reluspec.jobs.multilayer.LayerWeights;
import org.reluspec.jobs.multilayer.MultiLayerSession;
import org.reluspec.jobs.params.RunSpec;

/**
 * engine=dl4j against the native engine on the multi-layer experiment, in double precision:
 * 100 steps crossing an epoch boundary (a new shuffle), then every tensor, BN running statistics
 * included.
 */
class MultiLayerCrossCheckTest {
    private static RunSpec spec(Object... more) {
        Object[] base = {"experiment", "multi_layer", "ks", "[6,5]", "node_multi", 2, "data_d", 8,
            "d_output", 5, "batchsize", 16, "random_dataset_size", 800, "N_eval", 400, "lr", "0.1"};
        return Agreement.spec(base, more);
    }

    private static void crossCheck(RunSpec spec) {
        MultiLayerSession nat = MultiLayerSession.open(spec, null);
        MultiLayerSession dl4j = MultiLayerSession.open(spec, Dl4jMultiLayer::new);
        List<LayerWeights> before = nat.weights();
        for (int s = 0; s < 100; s++) {
            assertClose("loss of step " + s, nat.step(), dl4j.step());
        }
        List<LayerWeights> a = nat.weights();
        List<LayerWeights> b = dl4j.weights();
        assertMoved("layer 0 weight", before.get(0).weight(), a.get(0).weight());
        Agreement.assertSameLayers(a, b);
    }

    @Test
    void reluNetworkAgreesAfter100Steps() {
        crossCheck(spec());
    }

    @Test
    void leakyReluWithMomentumAndWeightDecayAgreesAfter100Steps() {
        crossCheck(spec("leaky_relu", 0.1, "momentum", 0.9, "weight_decay", 1e-3, "lr", "0.02"));
    }

    @Test
    void batchNormAfterReluAgreesAfter100Steps() {
        crossCheck(spec("bn", true));
    }

    @Test
    void affineBatchNormBeforeLeakyReluWithMomentumAgreesAfter100Steps() {
        crossCheck(spec("bn", true, "bn_affine", true, "bn_before_relu", true, "leaky_relu", 0.2,
                "momentum", 0.5, "normalize", false));
    }

    @Test
    void normalizedRowsAgreeAfter100Steps() {
        crossCheck(spec("normalize", true, "lr", "0.02"));
    }

    @Test
    void runnerWithEngineDl4jGivesTheNativeReadoutsWithBatchNorm() {
        RunSpec nat = spec("bn", true, "num_epoch", 2, "lr", "{0:0.1,1:0.05}");
        Agreement.assertSameReadouts(Runner.run(nat), Runner.run(nat.with("engine", "dl4j")));
    }
}
