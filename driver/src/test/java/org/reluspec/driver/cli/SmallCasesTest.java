package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.spark.FaultHook;
import org.reluspec.driver.sweep.SweepLoaderTest;

/**
 * Issue 11, cases 6 and 7: mistakes and faults that were internal errors or misleading, each
 * through the command line: one line naming the problem, exit 2 (or 1 for the environment),
 * never "internal error", nothing written.
 */
class SmallCasesTest {
    @TempDir
    Path dir;

    Path sweep(String text) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, text);
        return f;
    }

    MainTest.Result refused(String message, String... args) {
        MainTest.Result r = MainTest.main(args);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(message), "names the problem (" + message + "): " + r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("\tat "), r.err());
        return r;
    }

    String out() {
        return dir.resolve("out").toString();
    }

    @Test
    void runOptionsThatWereInternalErrors() throws Exception {
        Path s = sweep(SweepLoaderTest.TINY);
        refused("spark.task.maxFailures=abc: expected a whole number", "run", s.toString(), "--out", out(),
                "--conf", "spark.task.maxFailures=abc");
        refused("--out is empty", "run", s.toString(), "--out", "");
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    void sweepFilesAndOverridesThatWereMisread() throws Exception {
        Path s = sweep(SweepLoaderTest.TINY);
        refused("'d' is given twice", "plan", s.toString(), "d=5", "d=7");
        refused("fractional bounds and no step", "plan", s.toString(), "lr=range(0.1,1)");
        refused("(a schedule must start at epoch 0)", "plan", s.toString(), "lr={5:0.1}");
        refused("('x' is not epoch:rate)", "plan", s.toString(), "lr={0:0.1,x}");
        refused("YAML reads this name as a number", "plan",
                sweep(SweepLoaderTest.TINY.replace("name: tiny", "name: 1.5e3")).toString());
        refused("starting with a letter or digit", "plan",
                sweep(SweepLoaderTest.TINY.replace("name: tiny", "name: .hidden")).toString());
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, (SweepLoaderTest.TINY + "description: caf\u00e9\n").getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        refused("not UTF-8 text", "plan", latin1.toString());
    }

    @Test
    void theFaultHookIsRefusedUnlessTheTestPropertyIsSet() throws Exception {
        Path s = sweep(SweepLoaderTest.TINY);
        String before = System.getProperty(FaultHook.ENABLE_PROPERTY);
        System.clearProperty(FaultHook.ENABLE_PROPERTY);
        try {
            refused("test-only setting", "run", s.toString(), "--out", out(), "--conf", FaultHook.CONF + "=seed=1");
        } finally {
            if (before != null) {
                System.setProperty(FaultHook.ENABLE_PROPERTY, before);
            }
        }
    }

    @Test
    void anEditedSweepYamlIsReadAsItIsNotAsAChecksumError() throws Exception {
        Path s = sweep(SweepLoaderTest.TINY);
        assertEquals(0, MainTest.main("run", s.toString(), "--out", out(), "--master", "local[1]", "--progress",
                "none", "seed=1").code());
        Path yaml = dir.resolve("out/tiny/sweep.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("num_epoch: 2", "num_epoch: 3"));
        // show reads the edited file (and judges the folder by it); run reads it as the folder's
        // latest grid, and the original grid (whose runs are all there) grows the history.
        MainTest.Result show = MainTest.main("show", dir.resolve("out/tiny").toString());
        assertFalse(show.err().contains("no sweep.yaml"), show.err());
        MainTest.Result again = MainTest.main("run", s.toString(), "--out", out(), "--master", "local[1]",
                "--progress", "none", "seed=1");
        assertEquals(0, again.code(), again.out() + again.err());
        assertFalse((again.out() + again.err()).toLowerCase().contains("checksum"), again.err());
        assertTrue(again.out().contains(", 0 to run"), again.out());
    }

    @Test
    void exportMistakesAreOneLine() throws Exception {
        Path s = sweep(SweepLoaderTest.TINY);
        assertEquals(0, MainTest.main("run", s.toString(), "--out", out(), "--master", "local[1]", "--progress",
                "none", "seed=1").code());
        Path file = dir.resolve("afile");
        Files.writeString(file, "x");
        refused("is a file", "export", dir.resolve("out/tiny").toString(), "--to", file.toString());
        // A bit flipped in the middle of a committed file: its footer is intact, its pages are not.
        Path epochs;
        try (var l = Files.list(dir.resolve("out/tiny/epochs"))) {
            epochs = l.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(epochs);
        b[8] ^= 0x5a;
        Files.write(epochs, b);
        List<String> args = new ArrayList<>(List.of("export", dir.resolve("out/tiny").toString(), "--to",
                dir.resolve("exp").toString()));
        refused("epochs", args.toArray(new String[0]));
    }

    /**
     * Found by the 200-schedule chaos benchmark: a driver killed while writing the first sweep.yaml
     * left an empty pending spec that the next run read as the folder's spec and refused. What such
     * a kill leaves now (a lock of a dead process, a half-written file under the writer's own name)
     * is resumed by the same command.
     */
    @Test
    void aDriverKilledWhileWritingSweepYamlLeavesAFolderTheSameCommandResumes() throws Exception {
        Path s = sweep(SweepLoaderTest.TINY);
        Path folder = dir.resolve("out/tiny");
        Files.createDirectories(folder.resolve("_tmp"));
        Files.writeString(folder.resolve("_lock"), "host: " + java.net.InetAddress.getLocalHost().getHostName()
                + "\npid: 999999999\nstarted: 2026-01-01T00:00:00Z\ntoken: 0badc0de-0000-0000-0000-000000000000\n");
        Files.writeString(folder.resolve("_tmp/sweep.yaml-0badc0de"), "");
        MainTest.Result r = MainTest.main("run", s.toString(), "--out", out(), "--master", "local[1]", "--progress",
                "none", "seed=1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("0 already done"), r.out());
        assertTrue(Files.readString(folder.resolve("sweep.yaml")).contains("name: tiny"));
    }
}
