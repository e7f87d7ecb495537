package org.reluspec.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reluspec.driver.cli.RunCommand;

/**
 * Issue 11, cases 1 and 5, with real driver processes: two drivers on one folder, a driver
 * killed (-9) and its lock taken over, SIGINT and SIGTERM.
 */
class DriverProcessTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    static LocalDrivers drivers;
    /** Steps per epoch: runs of a few tenths of a second, so that a signal lands mid-sweep. */
    static final int STEPS = 20000;

    @BeforeAll
    static void classpath() throws Exception {
        drivers = new LocalDrivers(dir);
    }

    @Test
    void aSecondDriverOnTheSameFolderIsRefusedNamingTheFirst() throws Exception {
        List<String> args = drivers.runArgs(drivers.sweep("two", 8, STEPS));
        LocalDrivers.Driver first = drivers.start("two-1.log", args);
        try {
            LocalDrivers.waitFor(() -> first.output().contains("estimated "), 120, "the first driver's run");
            LocalDrivers.Driver second = drivers.start("two-2.log", args);
            int code = second.await(120);
            String out = second.output();
            assertEquals(2, code, out);
            assertTrue(out.contains("is being written by another driver") && out.contains("pid " + first.pid()), out);
            assertTrue(out.contains("wait for it to finish"), out);
            assertFalse(out.contains("Spark "), "refused before Spark starts: " + out);
            assertEquals(0, first.await(240), first.output());
        } finally {
            Jvm.killTree(first.process().toHandle());
        }
        assertEquals(List.of(), drivers.problems("two", 8));
    }

    @Test
    void aDriverKilledByKill9LeavesALockThatTheNextDriverTakesOver() throws Exception {
        List<String> args = drivers.runArgs(drivers.sweep("nine", 8, STEPS));
        LocalDrivers.Driver first = drivers.start("nine-1.log", args);
        try {
            LocalDrivers.waitFor(() -> {
                try {
                    return drivers.committedFiles("nine") >= 1;
                } catch (java.io.IOException e) {
                    return false;
                }
            }, 120, "a first commit");
            first.signal("KILL");
            assertEquals(137, first.await(30));
        } finally {
            Jvm.killTree(first.process().toHandle());
        }
        LocalDrivers.Driver second = drivers.start("nine-2.log", args);
        assertEquals(0, second.await(240), second.output());
        assertTrue(second.output().contains("took over the lock") && second.output().contains("pid " + first.pid())
                && second.output().contains("not running on this host"), second.output());
        assertEquals(List.of(), drivers.problems("nine", 8));
    }

    /** Issue 11, case 7: a run that keeps failing is a few lines on the console, not Spark's stack traces. */
    @Test
    void aFailingRunPrintsOneLinePerAttemptNotStackTraces() throws Exception {
        LocalDrivers withFaults = new LocalDrivers(dir.resolve("faults"), List.of("-Dreluspec.test.faults=true"));
        List<String> args = withFaults.runArgs(withFaults.sweep("fails", 3, 200), "--conf",
                org.reluspec.driver.spark.FaultHook.CONF + "=seed=2");
        LocalDrivers.Driver d = withFaults.start("fails.log", args);
        assertEquals(RunCommand.EXIT_FAILED_RUNS, d.await(240), d.output());
        String out = d.output();
        long lost = out.lines().filter(l -> l.contains("Lost task")).count();
        System.out.printf("figure: a run failing its 4 attempts (3 retried, the last recorded): %d console lines, %d of them 'Lost task'%n",
                out.lines().count(), lost);
        assertEquals(3, lost, "one line per attempt that threw (the 4th is recorded failed): " + out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
        assertTrue(out.lines().count() < 30, out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalStopsTheSweepQuietlyWithExit4AndTheSameCommandResumes(String signal) throws Exception {
        String name = "sig" + signal.toLowerCase(java.util.Locale.ROOT);
        List<String> args = drivers.runArgs(drivers.sweep(name, 16, STEPS));
        LocalDrivers.Driver first = drivers.start(name + "-1.log", args);
        try {
            LocalDrivers.waitFor(() -> {
                try {
                    return drivers.committedFiles(name) >= 1;
                } catch (java.io.IOException e) {
                    return false;
                }
            }, 120, "a first commit");
            first.signal(signal);
            assertEquals(RunCommand.EXIT_INTERRUPTED, first.await(60), first.output());
        } finally {
            Jvm.killTree(first.process().toHandle());
        }
        String out = first.output();
        assertTrue(out.contains("interrupted (SIG" + signal + "):") && out.contains("run the same command again"), out);
        assertTrue(LocalDrivers.stoppedQuietly(out), "no stack trace, no Lost task: " + out);
        assertFalse(out.contains("progress: 16/16"), "the progress is not drawn as finished: " + out);
        assertFalse(java.nio.file.Files.exists(Path.of(drivers.folder(name), "_lock")), "the lock is given back");
        LocalDrivers.Driver second = drivers.start(name + "-2.log", args);
        assertEquals(0, second.await(240), second.output());
        assertEquals(List.of(), drivers.problems(name, 16));
    }
}
