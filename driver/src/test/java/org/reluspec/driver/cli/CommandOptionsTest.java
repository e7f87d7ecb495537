package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.sweep.SweepLoaderTest;

/**
 * Every command's options through the real entry point {@link Main#run}: a bad value (as
 * {@code --x=v} and as {@code --x v}) and an unknown option are one line on stderr naming the
 * option, exit 2, nothing on stdout, nothing written, nothing run.
 */
class CommandOptionsTest {
    @TempDir
    Path dir;

    /** A command's words before its options, one of its options with a bad value, and what the error says. */
    record Case(List<String> words, String option, String badValue, String expected) {
    }

    List<Case> cases() throws IOException {
        Path sweep = dir.resolve("tiny.yaml");
        Files.writeString(sweep, SweepLoaderTest.TINY);
        String out = dir.resolve("out").toString();
        String folder = dir.resolve("out/tiny").toString();
        return List.of(
                new Case(List.of("run", sweep.toString(), "--out", out), "--threads", "two", "an integer >= 1"),
                new Case(List.of("run", sweep.toString(), "--out", out), "--progress", "loud",
                        "auto, bar, lines or none"),
                new Case(List.of("plan", sweep.toString(), "--out", out), "--top", "-1", "an integer >= 0"),
                new Case(List.of("show", folder), "--format", "xml", "table, csv or json"),
                new Case(List.of("complexity", sweep.toString(), "--out", out), "--stop-after-rounds", "x",
                        "an integer >= 0"),
                new Case(List.of("export", folder, "--to", dir.resolve("export").toString()), "--format", "xml",
                        "jsonl or csv"),
                new Case(List.of("report", folder, "--to", dir.resolve("r.html").toString()), "--timeout", "0",
                        "an integer >= 1"),
                new Case(List.of("train", "d=5"), "--threads", "0", "an integer >= 1"),
                new Case(List.of("params"), "--markdown", null, "takes no value"),
                new Case(List.of("bench"), "--seconds", "x", "a number >= 0"),
                new Case(List.of("bench"), "--config", "paper,huge", "small, paper, large or multi"),
                new Case(List.of("bench", "finish"), "--seeds", "x", "an integer >= 1"));
    }

    @Test
    void aBadValueOrAnUnknownOptionIsOneLineExitTwoAndNothingWritten() throws Exception {
        List<Case> cases = cases();
        List<Path> before = files();
        for (Case c : cases) {
            String command = c.words().get(0).equals("bench") && c.words().contains("finish") ? "bench finish"
                    : c.words().get(0);
            List<List<String>> forms = new ArrayList<>();
            if (c.badValue() == null) {
                forms.add(with(c.words(), c.option() + "=yes"));
            } else {
                forms.add(with(c.words(), c.option() + "=" + c.badValue()));
                forms.add(with(c.words(), c.option(), c.badValue()));
            }
            for (List<String> args : forms) {
                MainTest.Result r = refused(args);
                String value = c.badValue() == null ? "" : "=" + c.badValue();
                assertTrue(r.err().contains("option " + c.option() + value), r.err());
                assertTrue(r.err().contains(c.expected()), r.err());
            }
            MainTest.Result unknown = refused(with(c.words(), "--bogus-option", "1"));
            assertTrue(unknown.err().startsWith("error: " + command + ": unknown option --bogus-option; usage: bin/sweep "
                    + command + " "), unknown.err());
            assertTrue(unknown.err().contains("[" + c.option()), "the usage names the options: " + unknown.err());
        }
        assertEquals(before, files(), "nothing written");
    }

    @Test
    void benchSecondsThatIsNotANumberIsAUserMistake() {
        MainTest.Result r = refused(List.of("bench", "--seconds", "x"));
        assertEquals("error: option --seconds=x: expected a number >= 0", r.err().strip());
    }

    @Test
    void everyCommandsHelpListsItsOptions() throws Exception {
        for (Case c : cases()) {
            List<String> words = c.words().subList(0, c.words().get(0).equals("bench") ? c.words().size() : 1);
            MainTest.Result help = MainTest.main(with(words, "--help").toArray(String[]::new));
            assertEquals(0, help.code(), help.err());
            assertTrue(help.out().startsWith("usage: bin/sweep " + String.join(" ", words)), help.out());
            assertTrue(help.out().contains("\n  " + c.option() + " "), c.option() + " in\n" + help.out());
        }
    }

    @Test
    void bothFormsOfAValueRepeatsAndOperandsParseAlike() {
        CommandSyntax syntax = new CommandSyntax("demo", new CommandSyntax.Operands("FILE", "file", true),
                List.of(Option.text("--out", "DIR", "where"), Option.text("--conf", "k=v", "a setting").repeated(),
                        Option.number("--rate", "R", 0.5, "a rate"), Option.flag("--quiet", "say less")),
                "");
        CommandLine a = syntax.parse(new String[] {"f.yaml", "--out=o", "x=1", "--conf", "a=b", "--conf=c=d",
            "--rate", "0.75", "--quiet"});
        CommandLine b = syntax.parse(new String[] {"--quiet", "--rate=0.75", "--conf=a=b", "f.yaml", "--out", "o",
            "--conf", "c=d", "x=1"});
        for (CommandLine p : List.of(a, b)) {
            assertEquals("f.yaml", p.path());
            assertEquals(List.of("x=1"), p.overrides());
            assertEquals("o", p.text("--out", null));
            assertEquals(List.of("a=b", "c=d"), p.all("--conf"));
            assertEquals(0.75, p.number("--rate", 0));
            assertTrue(p.given("--quiet"));
        }
        CommandLine none = syntax.parse(new String[] {"f.yaml"});
        assertEquals(1.5, none.number("--rate", 1.5), "the fallback when not given");
        assertFalse(none.given("--quiet"));
        assertTrue(syntax.parse(new String[] {"--nonsense", "-h"}).help(), "help wins over a mistake");

        Map<String[], String> mistakes = Map.of(
                new String[] {"f.yaml", "--rate", "0.25"}, "option --rate=0.25: expected a number >= 0.5",
                new String[] {"f.yaml", "--out"}, "demo: option --out needs a value (--out DIR); usage: bin/sweep demo FILE",
                new String[] {"--out", "o"}, "demo: missing the file; usage:",
                new String[] {"f.yaml", "g.yaml"}, "demo: unexpected argument 'g.yaml' (expected one file, then key=value",
                new String[] {"f.yaml", "--quite"}, "demo: unknown option --quite (did you mean --quiet?); usage:");
        mistakes.forEach((args, message) -> {
            UserError e = assertThrows(UserError.class, () -> syntax.parse(args));
            assertTrue(e.getMessage().startsWith(message), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        });
    }

    private static MainTest.Result refused(List<String> args) {
        MainTest.Result r = MainTest.main(args.toArray(String[]::new));
        String what = String.join(" ", args);
        assertEquals(2, r.code(), what + ": " + r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("\tat "), r.err());
        assertEquals("", r.out(), what + ": nothing printed on stdout");
        return r;
    }

    private static List<String> with(List<String> words, String... more) {
        List<String> all = new ArrayList<>(words);
        all.addAll(List.of(more));
        return all;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }
}
