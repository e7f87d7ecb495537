package org.reluspec.driver.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.plan.Plan;
import org.reluspec.jobs.params.RunSpec;

public class SweepLoaderTest {
    public static final String TINY = """
            name: tiny
            experiment: two_layer
            fixed:
              d: 5
              m: 2
              c: 3
              N_train: 50
              N_eval: 50
              num_epoch: 2
              num_iter_per_epoch: 20
              use_sgd: true
            grid:
              multi: [1, 2]
              seed: range(1, 4)
            """;

    @TempDir
    Path dir;

    static SweepSpec parse(String yaml, String... overrides) {
        return SweepLoader.parse(yaml, "test.yaml", List.of(overrides));
    }

    static String error(String yaml, String... overrides) {
        return assertThrows(SweepError.class, () -> {
            SweepSpec s = parse(yaml, overrides);
            Plan.of(new Grid(s), java.util.Set.of());
        }).getMessage();
    }

    @Test
    void gridExpandsAxesInFileOrderWithTheLastAxisFastest() {
        Grid g = new Grid(parse(TINY));
        assertEquals(6, g.size());
        List<String> points = new ArrayList<>();
        for (long i = 0; i < g.size(); i++) {
            points.add(g.describe(i));
        }
        assertEquals(List.of("multi=1 seed=1", "multi=1 seed=2", "multi=1 seed=3",
                "multi=2 seed=1", "multi=2 seed=2", "multi=2 seed=3"), points);
        RunSpec s = g.spec(4);
        assertEquals(2, s.i("multi"));
        assertEquals(2, s.i("seed"));
        assertEquals(5, s.i("d"));
        assertEquals(10000, RunSpec.resolve(Map.of()).i("N_train"), "defaults fill the rest");
    }

    @Test
    void overridesFixAValueOrMakeAnAxisAsInHydra() {
        SweepSpec s = parse(TINY, "multi=3", "m=2,3", "seed=range(1,33)", "lr=0.02");
        assertFalse(s.axes().containsKey("multi"), "key=value fixes an axis");
        assertEquals(3, s.fixed().get("multi"));
        assertEquals(List.of(2, 3), s.axes().get("m"));
        assertEquals(32, s.axes().get("seed").size());
        assertEquals(1, s.axes().get("seed").get(0));
        assertEquals(32, s.axes().get("seed").get(31));
        assertEquals("0.02", s.fixed().get("lr"));
        assertEquals(64, s.size());
    }

    @Test
    void rangesFollowPythonWithStepsAndDecimals() {
        assertEquals(List.of(1, 3, 5), Values.range("range(1, 7, 2)"));
        assertEquals(List.of(0.0, 0.5, 1.0, 1.5, 2.0), Values.range("range(0,2.5,0.5)"));
        assertEquals(List.of(3, 2), Values.range("range(3,1,-1)"));
        SweepSpec s = parse(TINY, "teacher_strength_decay=range(0,2.5,0.5)");
        assertEquals(List.of(0.0, 0.5, 1.0, 1.5, 2.0), s.axes().get("teacher_strength_decay"));
    }

    @Test
    void ksListIsOneValueAndAListOfListsIsAnAxis() {
        String ml = """
                name: ml
                experiment: multi_layer
                fixed:
                  ks: [10, 20]
                grid:
                  seed: [1]
                """;
        assertEquals(List.of(10, 20), parse(ml).fixed().get("ks"));
        assertEquals(List.of(List.of(10, 20)), List.of(parse(ml, "ks=[10,20]").fixed().get("ks")));
        SweepSpec two = parse(ml, "ks=[10,20],[30,40]");
        assertEquals(List.of(List.of(10, 20), List.of(30, 40)), two.axes().get("ks"));
        SweepSpec yamlAxis = parse(ml.replace("  seed: [1]", "  seed: [1]\n  node_multi: [1, 2]")
                .replace("fixed:\n  ks: [10, 20]", "fixed:\n  data_d: 20"), "ks=[5],[5,5],[5,5,5]");
        assertEquals(3 * 2, yamlAxis.size());
        String gridKs = "name: ml\nexperiment: multi_layer\ngrid:\n  ks: [[50, 75], [100]]\n";
        assertEquals(List.of(List.of(50, 75), List.of(100)), parse(gridKs).axes().get("ks"));
        assertTrue(error("name: ml\nexperiment: multi_layer\ngrid:\n  ks: [50, 75]\n").contains("list of lists"));
    }

    @Test
    void theReferenceCommandLineAfterTheSweepFileGivesThePapersGrid() {
        SweepSpec file = SweepLoader.load("../conf/two-layer.yaml", List.of());
        SweepSpec pasted = SweepLoader.load("../conf/two-layer.yaml", List.of("multi=1,2,5,10", "d=100",
                "m=5,10,20", "teacher_strength_decay=0,0.5,1,1.5,2,2.5", "lr=0.01", "use_sgd=true",
                "N_train=10000", "num_epoch=100", "batchsize=16", "num_iter_per_epoch=1000", "normalize=false",
                "seed=range(1,33)"));
        assertEquals(2304, file.size());
        Plan a = Plan.of(new Grid(file), java.util.Set.of());
        Plan b = Plan.of(new Grid(pasted), java.util.Set.of());
        assertEquals(a.all().stream().map(r -> r.runId()).sorted().toList(),
                b.all().stream().map(r -> r.runId()).sorted().toList());
    }

    @Test
    void learningRateScheduleMayBeAYamlMap() {
        SweepSpec s = SweepLoader.load("../conf/multilayer.yaml", List.of());
        assertEquals("{0:0.2,20:0.1}", s.fixed().get("lr"));
    }

    @Test
    void unknownKeyNamesTheSourceAndSuggestsTheNearestName() {
        String m = error(TINY.replace("  d: 5", "  dd: 5"));
        assertTrue(m.startsWith("test.yaml: fixed.dd: unknown parameter 'dd'"), m);
        assertTrue(m.contains("did you mean 'd'"), m);
        String cli = error(TINY, "mutli=2");
        assertTrue(cli.contains("command line 'mutli=2'") && cli.contains("did you mean 'multi'"), cli);
        String top = error(TINY.replace("grid:", "gird:"));
        assertTrue(top.contains("unknown key 'gird'") && top.contains("did you mean 'grid'"), top);
    }

    @Test
    void wrongTypesNameTheKeyTheValueAndWhatIsAllowed() {
        String m = error(TINY, "multi=1.5");
        assertTrue(m.contains("multi=") && m.contains("1.5") && m.contains("an integer"), m);
        String b = error(TINY.replace("use_sgd: true", "use_sgd: maybe"));
        assertTrue(b.contains("fixed.use_sgd") && b.contains("maybe") && b.contains("true or false"), b);
        String y = error(TINY.replace("multi: [1, 2]", "multi: [1, 2.5]"));
        assertTrue(y.contains("grid.multi") && y.contains("2.5"), y);
    }

    @Test
    void nonPositiveSizesAreRefused() {
        String m = error(TINY, "m=0");
        assertTrue(m.contains("m=0") && m.contains(">= 1"), m);
        assertTrue(error(TINY, "N_train=-5").contains("N_train=-5"));
    }

    @Test
    void emptyAxesAreRefused() {
        assertTrue(error(TINY.replace("multi: [1, 2]", "multi: []")).contains("empty axis"));
        String r = error(TINY, "seed=range(5,5)");
        assertTrue(r.contains("seed") && r.contains("empty"), r);
        assertTrue(error(TINY, "multi=1,,2").contains("empty value"));
    }

    @Test
    void impossibleCombinationsNameTheGridPoint() {
        String m = error(TINY, "feature_fixed=true", "top_layer_fixed=true");
        assertTrue(m.contains("multi=1 seed=1") && m.contains("nothing to train"), m);
        String other = error(TINY, "ks=[10,20]");
        assertTrue(other.contains("does not apply to experiment two_layer"), other);
    }

    @Test
    void missingFileAndYamlSyntaxErrorsAreNamed() {
        String missing = assertThrows(SweepError.class,
                () -> SweepLoader.load(dir.resolve("nope.yaml").toString(), List.of())).getMessage();
        assertTrue(missing.contains("nope.yaml") && missing.contains("not found"), missing);
        String syntax = error("name: x\nfixed:\n  d: [1, 2\n  m: 3\n");
        assertTrue(syntax.startsWith("test.yaml: YAML syntax error at line"), syntax);
    }

    @Test
    void aSweepFileCannotInstantiateClasses() throws Exception {
        Path marker = dir.resolve("created");
        String evil = "name: x\nfixed: !!java.io.FileOutputStream [\"" + marker + "\"]\n";
        String m = error(evil);
        assertTrue(m.startsWith("test.yaml:"), m);
        assertFalse(Files.exists(marker));
        String python = error("name: x\nfixed: !!python/object/apply:os.system [\"touch " + marker + "\"]\n");
        assertTrue(python.startsWith("test.yaml:"), python);
        assertFalse(Files.exists(marker));
    }

    @Test
    void theResolvedSpecIsItselfASweepFileWithTheSameRuns() {
        SweepSpec s = parse(TINY, "lr=0.02", "m=2,3");
        String yaml = s.toYaml(s.size());
        SweepSpec back = SweepLoader.parse(yaml, "sweep.yaml", List.of());
        assertEquals(s.canonicalBody(s.size()), back.canonicalBody(back.size()));
        assertEquals(Plan.of(new Grid(s), java.util.Set.of()).all().stream().map(r -> r.runId()).toList(),
                Plan.of(new Grid(back), java.util.Set.of()).all().stream().map(r -> r.runId()).toList());
    }
}
