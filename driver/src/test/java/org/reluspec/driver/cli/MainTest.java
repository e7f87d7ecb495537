package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.UserError;
import org.reluspec.driver.sweep.SweepLoaderTest;

/** The command line as users meet it: exit codes, one-line errors, nothing written on a mistake. */
class MainTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path tiny() throws Exception {
        Path f = dir.resolve("tiny.yaml");
        Files.writeString(f, SweepLoaderTest.TINY);
        return f;
    }

    @Test
    void aValidationErrorIsOneLineOnStderrWithExitTwoAndNoOutputFolder() throws Exception {
        Path out = dir.resolve("out");
        Result r = main("run", tiny().toString(), "mutli=2", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: command line 'mutli=2': unknown parameter 'mutli'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(out), "nothing written");

        Result bad = main("run", tiny().toString(), "multi=1,2", "feature_fixed=true", "top_layer_fixed=true",
                "--out", out.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("cannot run"), bad.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void debugShowsTheStackTrace() throws Exception {
        Result r = main("plan", tiny().toString(), "m=0", "--debug");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void missingFileUnknownCommandAndUnknownOptionAreUserErrors() throws Exception {
        Result missing = main("run", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.yaml: sweep file not found"), missing.err());
        Result cmd = main("rnu");
        assertEquals(2, cmd.code());
        assertTrue(cmd.err().contains("unknown command 'rnu'"), cmd.err());
        Result opt = main("run", tiny().toString(), "--ouf", "x");
        assertEquals(2, opt.code());
        assertTrue(opt.err().contains("unknown option --ouf"), opt.err());
        assertEquals(0, main("--help").code());
    }

    @Test
    void planPrintsTheRunCountCostAndLargestRuns() throws Exception {
        Result r = main("plan", tiny().toString(), "seed=range(1,33)", "--out", dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\n64 runs\n"), r.out());
        assertTrue(r.out().contains("already done: 0"), r.out());
        assertTrue(r.out().contains("FLOP") && r.out().contains("core time"), r.out());
        assertTrue(r.out().contains("largest runs:") && r.out().contains("multi=2 seed=1"), r.out());
        assertFalse(Files.exists(dir.resolve("out")), "plan writes nothing");
    }

    @Test
    void anOutputPathThatIsAFileIsRefused() throws Exception {
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        Result r = main("run", tiny().toString(), "--out", file.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is a file"), r.err());
        assertEquals("x", Files.readString(file));
    }
}
