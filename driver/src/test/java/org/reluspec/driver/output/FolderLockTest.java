package org.reluspec.driver.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluspec.driver.UserError;

/** The folder lock on a real local file system (the HDFS case is in HdfsOutputTest). */
class FolderLockTest {
    @TempDir
    Path dir;

    FileSystem fs() throws Exception {
        return FileSystem.getLocal(new Configuration());
    }

    org.apache.hadoop.fs.Path root() {
        return new org.apache.hadoop.fs.Path(dir.resolve("out").toUri());
    }

    /**
     * Another driver's lock, replacing any lock in one step: a holder's heartbeat never sees the
     * file missing or half written (it would report a take-over without the new holder's name).
     */
    void writeLock(String host, long pid, Instant heartbeat) throws Exception {
        Files.createDirectories(dir.resolve("out"));
        Path next = dir.resolve("next_lock");
        Files.writeString(next, "host: " + host + "\npid: " + pid + "\nstarted: 2026-01-01T00:00:00Z\ntoken: 0123456789ab\n");
        Files.setLastModifiedTime(next, FileTime.from(heartbeat));
        Files.move(next, dir.resolve("out/_lock"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aLiveHolderIsRefusedByNameAndTheLockIsItsOwnUntilReleased() throws Exception {
        List<String> notes = new ArrayList<>();
        FolderLock a = FolderLock.acquire(fs(), root(), notes::add);
        String text = Files.readString(dir.resolve("out/_lock"));
        assertTrue(text.contains("pid: " + ProcessHandle.current().pid()), text);
        String m = assertThrows(UserError.class, () -> FolderLock.acquire(fs(), root(), notes::add)).getMessage();
        assertTrue(m.contains("being written by another driver"), m);
        assertTrue(m.contains("pid " + ProcessHandle.current().pid()) && m.contains("since 20"), m);
        assertTrue(m.contains("wait for it to finish"), m);
        assertFalse(Files.exists(dir.resolve("out/._lock.crc")), "no checksum file beside the lock");
        a.close();
        assertFalse(Files.exists(dir.resolve("out/_lock")));
        FolderLock.acquire(fs(), root(), notes::add).close();
        assertEquals(List.of(), notes);
    }

    @Test
    void aLockOfADeadProcessOnThisHostIsTakenOverWithALine() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        writeLock(java.net.InetAddress.getLocalHost().getHostName(), p.pid(), Instant.now());
        List<String> notes = new ArrayList<>();
        FolderLock l = FolderLock.acquire(fs(), root(), notes::add);
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("took over") && notes.get(0).contains("pid " + p.pid())
                && notes.get(0).contains("not running"), notes.get(0));
        l.close();
    }

    @Test
    void aLockOfAnotherHostIsTakenOverOnlyAfterTheHeartbeatTimeout() throws Exception {
        writeLock("elsewhere.example", 1, Instant.now().minusSeconds(5));
        String m = assertThrows(UserError.class, () -> FolderLock.acquire(fs(), root(), s -> { })).getMessage();
        assertTrue(m.contains("host elsewhere.example, pid 1"), m);

        writeLock("elsewhere.example", 1, Instant.now().minusSeconds(FolderLock.DEFAULT_TIMEOUT_SECONDS + 5));
        List<String> notes = new ArrayList<>();
        FolderLock.acquire(fs(), root(), notes::add).close();
        assertTrue(notes.get(0).contains("no heartbeat for"), notes.toString());
    }

    @Test
    void theHolderRefreshesItsHeartbeatAndNoticesATakeOver() throws Exception {
        System.setProperty(FolderLock.TIMEOUT_PROPERTY, "1.2");
        try {
            FolderLock a = FolderLock.acquire(fs(), root(), s -> { });
            Path f = dir.resolve("out/_lock");
            Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(100)));
            Thread.sleep(600);
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(f).toMillis();
            assertTrue(age < 1000, "refreshed by the heartbeat: " + age + " ms old");
            a.ensureHeld();
            writeLock("elsewhere.example", 1, Instant.now());
            Thread.sleep(600);
            String m = assertThrows(UserError.class, a::ensureHeld).getMessage();
            assertTrue(m.contains("taken over by another driver") && m.contains("elsewhere.example"), m);
            a.close();
            assertTrue(Files.exists(f), "the other holder's lock is not removed");
        } finally {
            System.clearProperty(FolderLock.TIMEOUT_PROPERTY);
        }
    }
}
