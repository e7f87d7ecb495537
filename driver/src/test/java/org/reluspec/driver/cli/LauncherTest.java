package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.spark.JvmFlags;

/**
 * The launcher bin/sweep as a real process: it keeps the JVM's incubator-module warning off
 * stderr and passes everything else, with the JVM's exit status, and forwards SIGTERM. It runs
 * in a copy of the installation layout whose build is up to date (so it does not build), with
 * this test's class path: the real JVM and the real command line.
 */
class LauncherTest {
    static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    Path root;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void layout() throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("../bin/sweep"), root.resolve("bin/sweep"));
        Files.writeString(root.resolve("pom.xml"), Files.readString(Path.of("../pom.xml")));
        Path target = Files.createDirectories(root.resolve("driver/target"));
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(target.resolve("reluspec-driver-0-test.jar")))) {
            j.flush();
        }
        Files.writeString(target.resolve("classpath.txt"), System.getProperty("java.class.path"));
        Files.createDirectories(target.resolve("classes"));
        Files.copy(Path.of("target/classes", JvmFlags.RESOURCE), target.resolve("classes").resolve(JvmFlags.RESOURCE));
        Files.writeString(target.resolve(".sweep-build-stamp"), "");
    }

    Run sweep(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(root.resolve("bin/sweep").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectOutput(root.resolve("out.txt").toFile()).redirectError(root.resolve("err.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bin/sweep did not finish");
        return new Run(p.exitValue(), Files.readString(root.resolve("out.txt")), Files.readString(root.resolve("err.txt")));
    }

    @Test
    void noCommandPrintsTheIncubatorWarningAndErrorsStillReachStderrWithTheirStatus() throws Exception {
        Map<String, String> env = Map.of("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Run help = sweep(env, "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("usage: bin/sweep <command>"), help.out());
        assertEquals("", help.err());

        Run params = sweep(env, "params");
        assertEquals(0, params.code(), params.err());
        assertFalse(params.err().contains("WARNING"), params.err());

        Run missing = sweep(env, "plan", root.resolve("nope.yaml").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("error: ") && missing.err().contains("nope.yaml: sweep file not found"),
                missing.err());
        assertFalse(missing.err().contains(WARNING), missing.err());
    }

    @Test
    void otherStderrLinesTheExitStatusAndSigtermPassThrough() throws Exception {
        // A stand-in JVM: warns like the real one, writes around the warning, stops on SIGTERM with status 4.
        Path fake = root.resolve("fake-java");
        Files.writeString(fake, """
                #!/usr/bin/env bash
                echo "%s" >&2
                echo "before" >&2
                echo "%s (quoted)" >&2
                echo "on stdout"
                if [ "${@: -1}" = wait ]; then
                  trap 'echo "stopping: committed 3 runs" >&2; exit 4' TERM
                  echo ready > "$READY"
                  while :; do sleep 0.1; done
                fi
                echo "last words" >&2
                exit 3
                """.formatted(WARNING, WARNING));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("JAVA", fake.toString(), "READY", root.resolve("ready").toString());

        Run r = sweep(env, "run");
        assertEquals(3, r.code());
        assertEquals("before\n" + WARNING + " (quoted)\nlast words\n", r.err());
        assertEquals("on stdout\n", r.out());

        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/sweep").toString(), "wait");
        pb.environment().putAll(env);
        pb.redirectOutput(root.resolve("out.txt").toFile()).redirectError(root.resolve("err.txt").toFile());
        Process p = pb.start();
        for (int i = 0; i < 200 && !Files.exists(root.resolve("ready")); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(root.resolve("ready")), "the stand-in JVM started");
        p.destroy(); // SIGTERM to the launcher's process
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(4, p.exitValue(), Files.readString(root.resolve("err.txt")));
        assertEquals("before\n" + WARNING + " (quoted)\nstopping: committed 3 runs\n",
                Files.readString(root.resolve("err.txt")));
    }
}
