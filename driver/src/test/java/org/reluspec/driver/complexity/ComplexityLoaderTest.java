package org.reluspec.driver.complexity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reluspec.driver.UserError;

class ComplexityLoaderTest {
    static String error(String text, String... overrides) {
        return assertThrows(UserError.class, () -> ComplexityLoader.parse(text, "c.yaml", List.of(overrides))).getMessage();
    }

    @Test
    void theShippedFileLoadsAndOverridesReachEverySection() {
        ComplexitySpec s = ComplexityLoader.load("../conf/sample-complexity.yaml", List.of());
        assertTrue(s.cells().size() >= 8);
        ComplexitySpec o = ComplexityLoader.load("../conf/sample-complexity.yaml",
                List.of("d=8,16", "cells.eps=range(0.1,0.3,0.1)", "seeds=range(3,6)", "lr=0.02", "search.start=48",
                        "delta=0.5", "budget.grad_target=0.001", "data=gaussian"));
        assertEquals(List.of(8, 16), o.d());
        assertEquals(List.of(0.1, 0.2), o.eps());
        assertEquals(List.of(3, 4, 5), o.seeds());
        assertEquals(0.02, (Double) Double.valueOf(o.fixed().get("lr").toString()));
        assertEquals(48, o.start());
        assertEquals(0.5, o.delta());
        assertEquals(0.001, o.gradTarget(o.cells().get(0)));
        assertEquals(List.of("gaussian"), o.data());
    }

    @Test
    void theResolvedSearchStoredInTheResultsFolderIsItselfTheSameSearch() {
        ComplexitySpec s = ComplexityLoader.load("../conf/sample-complexity.yaml", List.of("seeds=range(2,5)", "eps=0.3"));
        ComplexitySpec back = ComplexityLoader.parse(s.toYaml(), "sweep.yaml", List.of());
        assertEquals(s.canonicalBody(), back.canonicalBody());
        assertEquals(s.cells(), back.cells());
        assertTrue(error(s.toYaml().replace("kind: sample_complexity", "kind: sweep")).contains("kind"));
    }

    @Test
    void theTheoryGradientTargetScalesWithEpsKAndD() {
        ComplexitySpec s = ComplexityLoader.parse(ComplexitySearchTest.SMALL, "s", List.of("grad_constant=2"));
        Cell c = s.cells().get(0);
        assertEquals(2 * 0.1 / (Math.pow(6, 1.5) * Math.sqrt(12)), s.gradTarget(c), 1e-15);
        assertEquals(s.gradTarget(c), (Double) s.runValues(c, 60, 1).get("stop_grad_norm"));
    }

    @Test
    void mistakesNameTheKeyTheNearestNameAndWhatIsAllowed() {
        String ok = ComplexitySearchTest.SMALL;
        assertTrue(error(ok.replace("seeds: 3", "seedz: 3")).contains("did you mean 'seeds'"));
        assertTrue(error(ok.replace("criterion: angle", "critrion: angle")).contains("did you mean 'criterion'"));
        assertTrue(error(ok, "budget.num_epochs=3").contains("did you mean 'num_epoch'"));
        assertTrue(error(ok.replace("c: 10,", "c: 10, N_train: 100,")).contains("set by the search"));
        assertTrue(error(ok.replace("c: 10,", "c: 10, ks: [3],")).contains("does not apply"));
        assertTrue(error(ok, "eps=0.1,4").contains("(0, pi)"));
        assertTrue(error(ok, "criterion=angel").contains("expected one of angle, corr"));
        assertTrue(error(ok, "delta=1").contains("[0, 1)"));
        assertTrue(error(ok, "m=0").contains("c.yaml") || error(ok, "m=0").contains("'m=0'"));
        assertTrue(error(ok, "start=abc").contains("expected an integer >= 1"));
        assertTrue(error(ok, "data=uniform").contains("theory"));
        assertTrue(error(ok, "grad_target=0.01", "grad_constant=2").contains("grad_constant applies only"));
        assertTrue(error(ok, "max=5").contains("at least start"));
        assertTrue(error(ok, "lrr=0.1").contains("did you mean 'lr'"));
        assertTrue(error(ok, "lr=0.1,0.2").contains("one value per training knob"));
        assertTrue(error(ok.replace("seeds: 3", "seeds: 0")).contains("count >= 1"));
        assertTrue(error(ok, "batchsize=0").contains("batchsize"));
    }
}
