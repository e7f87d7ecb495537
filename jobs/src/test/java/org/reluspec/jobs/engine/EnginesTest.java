package org.reluspec.jobs.engine;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reluspec.jobs.params.RunSpec;
import org.reluspec.jobs.params.SpecException;

class EnginesTest {
    @Test
    void nativeIsBuiltIn() {
        assertTrue(Engines.available("native"));
    }

    @Test
    void engineDl4jWithoutTheModuleFailsValidationSayingHowToGetIt() {
        RunSpec spec = RunSpec.resolve(Map.of("experiment", "two_layer", "engine", "dl4j"));
        SpecException e = assertThrows(SpecException.class, () -> Engines.requireAvailable(spec));
        assertTrue(e.getMessage().contains("engine=dl4j is not on the classpath"), e.getMessage());
        assertTrue(e.getMessage().contains("-Pdl4j"), e.getMessage());
    }

    @Test
    void runnerNamesTheMissingEngine() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Engines.require("dl4j"));
        assertTrue(e.getMessage().contains("reluspec-dl4j"), e.getMessage());
    }
}
