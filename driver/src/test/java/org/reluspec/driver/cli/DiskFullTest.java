package org.reluspec.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.output.ResultsFolder;
import org.reluspec.driver.sweep.SweepLoaderTest;

/**
 * Issue 11, case 6: a full disk, for real: the results go to a tmpfs of 96 KB (mounted by the
 * test; skipped where it may not mount), the sweep fails with one line saying what happened and
 * that the same command resumes; after the file system grows, the same command finishes with
 * every run once.
 */
class DiskFullTest {
    @TempDir
    Path dir;

    static int sh(String... cmd) throws Exception {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    @Test
    void aFullDiskIsOneLineAndTheSameCommandResumesOnceThereIsSpace() throws Exception {
        Path mnt = Files.createDirectories(dir.resolve("small"));
        assumeTrue(sh("mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", mnt.toString()) == 0,
                "needs to mount a tmpfs (root)");
        try {
            Path sweep = dir.resolve("tiny.yaml");
            Files.writeString(sweep, SweepLoaderTest.TINY.replace("seed: range(1, 4)", "seed: range(1, 21)"));
            String[] args = {"run", sweep.toString(), "--out", mnt.toString(), "--master", "local[1]",
                "--progress", "none", "--batch-runs", "2", "--commit-every", "0"};
            MainTest.Result full = MainTest.main(args);
            assertEquals(1, full.code(), full.out() + full.err());
            assertTrue(full.err().contains("No space left on device") && full.err().contains("run the same command again"),
                    full.err());
            assertFalse(full.err().contains("internal error") || full.err().contains("\tat "), full.err());
            assertEquals(1, full.err().strip().lines().count(), full.err());

            assertEquals(0, sh("mount", "-o", "remount,size=64m", mnt.toString()));
            MainTest.Result again = MainTest.main(args);
            assertEquals(0, again.code(), again.out() + again.err());
            // committedRunIds refuses a run committed twice; 40 distinct run_ids are every run once.
            ResultsFolder f = ResultsFolder.at(mnt.resolve("tiny").toString(), new Configuration());
            assertEquals(40, f.committedRunIds().size());
            assertTrue(again.out().contains("40 of 40 runs committed"), again.out());
        } finally {
            sh("umount", mnt.toString());
        }
    }
}
