package org.reluspec.driver.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.cli.Main;
import org.reluspec.driver.cli.RunCommand;
import org.reluspec.driver.sweep.SweepLoaderTest;

/** Output to hdfs:// (an in-process MiniDFSCluster): a sweep writes, is stopped, resumes, and is refused where it may not write. */
@Tag("hdfs")
class HdfsOutputTest {
    @TempDir
    static Path dir;
    static MiniDFSCluster dfs;
    static String root;

    @BeforeAll
    static void startHdfs() throws Exception {
        Configuration c = new Configuration();
        c.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
        dfs = new MiniDFSCluster.Builder(c).numDataNodes(1).build();
        dfs.waitActive();
        root = "hdfs://127.0.0.1:" + dfs.getNameNodePort();
    }

    @AfterAll
    static void stopHdfs() {
        if (dfs != null) {
            dfs.shutdown();
        }
    }

    record Result(int code, String out) {
    }

    static Result main(List<String> args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(b, true, StandardCharsets.UTF_8);
        int code = Main.run(args.toArray(new String[0]), ps, ps);
        return new Result(code, b.toString(StandardCharsets.UTF_8));
    }

    static List<String> run(String out, String... options) throws Exception {
        Path f = dir.resolve("tiny.yaml");
        Files.writeString(f, SweepLoaderTest.TINY);
        List<String> a = new ArrayList<>(List.of("run", f.toString(), "--out", out, "--master", "local[2]",
                "--progress", "none"));
        a.addAll(List.of(options));
        return a;
    }

    @Test
    void aSweepWritesToHdfsStopsAndResumesWithEveryRunOnce() throws Exception {
        String out = root + "/results";
        Result first = main(run(out, "--batch-runs", "1", "--commit-every", "0", "--stop-after-commits", "2"));
        assertEquals(RunCommand.EXIT_INTERRUPTED, first.code(), first.out());
        int committed = ResultsFolder.at(out + "/tiny", new Configuration()).committedRunIds().size();
        assertTrue(committed >= 2 && committed < 6, "stopped after two commits: " + committed);

        Result second = main(run(out));
        assertEquals(0, second.code(), second.out());
        assertTrue(second.out().contains("6 runs, " + committed + " already done, " + (6 - committed) + " to run"),
                second.out());
        List<String> ids = new ArrayList<>();
        for (var r : rows(out + "/tiny", Schema.RUNS)) {
            ids.add((String) r);
        }
        assertEquals(6, ids.size());
        assertEquals(6, new HashSet<>(ids).size(), "no run written twice");
        FileSystem fs = dfs.getFileSystem();
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/results/tiny/sweep.yaml")));
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path("/results/tiny/_tmp");
        assertTrue(!fs.exists(tmp) || fs.listStatus(tmp).length == 0, "no leftovers");

        Result third = main(run(out));
        assertEquals(0, third.code(), third.out());
        assertTrue(third.out().contains("nothing to run"), third.out());
    }

    /** Issue 11, case 1 on HDFS: the lock is created exclusively at the NameNode and a stale one is taken over. */
    @Test
    void theFolderLockIsExclusiveOnHdfsAndAStaleOneIsTakenOver() throws Exception {
        FileSystem fs = dfs.getFileSystem();
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(root + "/lockme");
        FolderLock a = FolderLock.acquire(fs, folder, s -> { });
        String m = org.junit.jupiter.api.Assertions.assertThrows(org.reluspec.driver.UserError.class,
                () -> FolderLock.acquire(fs, folder, s -> { })).getMessage();
        assertTrue(m.contains("being written by another driver") && m.contains("pid " + ProcessHandle.current().pid()), m);
        a.close();
        org.apache.hadoop.fs.Path lock = new org.apache.hadoop.fs.Path(folder, FolderLock.FILE);
        assertTrue(!fs.exists(lock), "released");

        // A driver on another host that stopped refreshing its heartbeat long ago.
        try (var o = fs.create(lock, false)) {
            o.write("host: elsewhere.example\npid: 7\nstarted: 2026-01-01T00:00:00Z\ntoken: feedfacecafe\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        fs.setTimes(lock, System.currentTimeMillis() - (FolderLock.DEFAULT_TIMEOUT_SECONDS + 30) * 1000, -1);
        List<String> notes = new ArrayList<>();
        FolderLock b = FolderLock.acquire(fs, folder, notes::add);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("elsewhere.example") && notes.get(0).contains("no heartbeat"), notes.get(0));
        b.close();
    }

    static List<Object> rows(String folder, Table t) throws Exception {
        List<Object> out = new ArrayList<>();
        Column id = t.columns().get(t.indexOf("run_id"));
        ResultsFolder f = ResultsFolder.at(folder, new Configuration());
        for (var p : f.validFiles(t)) {
            ParquetIO.forEach(new Configuration(), p, t, List.of("run_id"), g -> out.add(ParquetIO.value(g, id)));
        }
        return out;
    }

    @Test
    void anHdfsFolderTheUserMayNotWriteIsRefusedBeforeSparkStarts() throws Exception {
        FileSystem fs = dfs.getFileSystem();
        org.apache.hadoop.fs.Path locked = new org.apache.hadoop.fs.Path("/locked");
        fs.mkdirs(locked);
        fs.setPermission(locked, new FsPermission((short) 0555));
        UserGroupInformation alice = UserGroupInformation.createUserForTesting("alice", new String[] {"users"});
        Result r = alice.doAs((PrivilegedExceptionAction<Result>) () -> main(run(root + "/locked")));
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("error: cannot write to " + root + "/locked/tiny: permission denied"), r.out());
        assertFalse(r.out().contains("\tat "), "no stack trace");
        assertFalse(r.out().contains("Spark "), "Spark did not start");
        assertEquals(0, fs.listStatus(locked).length, "nothing written");
    }
}
