package org.reluspec.driver.output;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.reluspec.driver.UserError;

/**
 * One writer per results folder: the file {@code _lock} in the folder, created exclusively (on a
 * local disk with O_EXCL, elsewhere with the file system's create-if-absent, atomic on HDFS). It
 * holds the holder's host, pid, start time and a token; the holder refreshes the file's
 * modification time (the heartbeat) every {@code timeout / 6}. A lock is stale, and taken over
 * with a line saying so, when its holder is a dead process on this host or its heartbeat is
 * older than the timeout ({@value #DEFAULT_TIMEOUT_SECONDS} s; the clocks of the hosts are assumed
 * to agree within that). The holder checks at each heartbeat that the file still holds its token.
 */
public final class FolderLock implements AutoCloseable {
    public static final String FILE = "_lock";
    public static final long DEFAULT_TIMEOUT_SECONDS = 60;
    /** Tests shorten the timeout with this system property (seconds). */
    static final String TIMEOUT_PROPERTY = "reluspec.lock.timeoutSeconds";

    /** What a lock file says about its holder; {@code heartbeat}: the file's modification time. */
    public record Holder(String host, long pid, Instant started, String token, Instant heartbeat) {
        public String describe() {
            return "host " + host + ", pid " + pid + ", since " + started + ", last heartbeat " + heartbeat;
        }
    }

    private final FileSystem fs;
    private final Path file;
    private final Holder me;
    private final ScheduledExecutorService heartbeat;
    private volatile String lost;

    private FolderLock(FileSystem fs, Path file, Holder me) {
        this.fs = fs;
        this.file = file;
        this.me = me;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reluspec-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(200, timeoutMillis() / 6);
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    static long timeoutMillis() {
        String s = System.getProperty(TIMEOUT_PROPERTY);
        return (long) ((s == null ? DEFAULT_TIMEOUT_SECONDS : Double.parseDouble(s)) * 1000);
    }

    /**
     * Takes the lock of the folder {@code root} (created if absent), taking over a stale one (told
     * to {@code notes}); a live holder is a {@link UserError} naming it.
     */
    public static FolderLock acquire(FileSystem fs0, Path root, Consumer<String> notes) {
        FileSystem fs = raw(fs0);
        Path file = new Path(root, FILE);
        Holder me = new Holder(hostName(), ProcessHandle.current().pid(), Instant.now(),
                UUID.randomUUID().toString(), Instant.now());
        try {
            fs.mkdirs(root);
            for (int attempt = 0; attempt < 5; attempt++) {
                if (createExclusive(fs, file, text(me))) {
                    return new FolderLock(fs, file, me);
                }
                Holder h = read(fs, file);
                if (h == null) {
                    continue; // released or taken over meanwhile: try again
                }
                String stale = staleness(h);
                if (stale == null) {
                    throw busy(root, h);
                }
                // Renamed aside rather than deleted: of two drivers taking over, one rename wins.
                Path aside = new Path(root, FILE + ".stale-" + me.token());
                if (fs.rename(file, aside)) {
                    Holder moved = read(fs, aside);
                    if (moved != null && !moved.token().equals(h.token())) {
                        fs.rename(aside, file); // a fresh lock, not the stale one: give it back
                        continue;
                    }
                    fs.delete(aside, false);
                    notes.accept("took over the lock of results folder " + root + " from a driver that is gone ("
                            + h.describe() + "; " + stale + ")");
                }
            }
            throw new UserError("results folder " + root + ": could not take its lock (" + file
                    + " keeps changing: another driver is starting); try again");
        } catch (IOException e) {
            throw new UserError("cannot write to " + root + ": cannot create its lock file " + file + ": "
                    + e.getMessage());
        }
    }

    static UserError busy(Path root, Holder h) {
        return new UserError("results folder " + root + " is being written by another driver (" + h.describe()
                + "); wait for it to finish, or stop it (the same command resumes). If that driver is gone, its"
                + " lock is taken over " + timeoutMillis() / 1000 + " s after its last heartbeat");
    }

    /** Why the holder is gone, or null when it may be alive. */
    private static String staleness(Holder h) {
        if (h.host().equals(hostName()) && ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true)) {
            return "process " + h.pid() + " is not running on this host";
        }
        long age = System.currentTimeMillis() - h.heartbeat().toEpochMilli();
        if (age > timeoutMillis()) {
            return "no heartbeat for " + age / 1000 + " s, more than the " + timeoutMillis() / 1000 + " s timeout";
        }
        return null;
    }

    /** The holder of the folder's lock, or null when none (for show). */
    public static Holder holder(FileSystem fs, Path root) {
        try {
            Holder h = read(raw(fs), new Path(root, FILE));
            return h == null || staleness(h) != null ? null : h;
        } catch (IOException e) {
            return null;
        }
    }

    /** Fails when another driver took the lock over (this one was thought gone). */
    public void ensureHeld() {
        if (lost != null) {
            throw new UserError(lost);
        }
    }

    private void beat() {
        try {
            Holder h = read(fs, file);
            if (h == null || !h.token().equals(me.token())) {
                lost = "the lock of " + file.getParent() + " was taken over by another driver"
                        + (h == null ? "" : " (" + h.describe() + ")")
                        + " while this one ran (no heartbeat for longer than the timeout?); this driver stops writing";
                heartbeat.shutdown();
                return;
            }
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException | RuntimeException e) {
            // A missed heartbeat is retried at the next period; the timeout covers several.
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            Holder h = read(fs, file);
            if (h != null && h.token().equals(me.token())) {
                fs.delete(file, false);
            }
        } catch (IOException e) {
            // Left in place: the next driver takes it over as stale.
        }
    }

    public Holder me() {
        return me;
    }

    /** The file system without client-side checksum files (no .crc beside the lock). */
    private static FileSystem raw(FileSystem fs) {
        return fs instanceof LocalFileSystem l ? l.getRawFileSystem() : fs;
    }

    private static boolean createExclusive(FileSystem fs, Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (fs instanceof RawLocalFileSystem local) {
            try {
                Files.write(local.pathToFile(file).toPath(), bytes, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream o = fs.create(file, false)) {
            o.write(bytes);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            // HDFS reports a file being created by another client this way.
            if (fs.exists(file)) {
                return false;
            }
            throw e;
        }
    }

    private static String text(Holder h) {
        return "host: " + h.host() + "\npid: " + h.pid() + "\nstarted: " + h.started() + "\ntoken: " + h.token() + "\n";
    }

    /** Null when there is no lock file (or it is still empty: its creator is writing it). */
    private static Holder read(FileSystem fs, Path file) throws IOException {
        FileStatus st;
        String text;
        try {
            st = fs.getFileStatus(file);
            try (FSDataInputStream in = fs.open(file)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (java.io.FileNotFoundException e) {
            return null;
        }
        Map<String, String> kv = new LinkedHashMap<>();
        text.lines().forEach(l -> {
            int c = l.indexOf(": ");
            if (c > 0) {
                kv.put(l.substring(0, c), l.substring(c + 2));
            }
        });
        Instant heartbeat = Instant.ofEpochMilli(st.getModificationTime());
        if (!kv.containsKey("token")) {
            // Being written, or damaged: judged by its age alone.
            return new Holder("(unknown)", -1, heartbeat, "(none)", heartbeat);
        }
        Instant started;
        long pid;
        try {
            started = Instant.parse(kv.get("started"));
            pid = Long.parseLong(kv.getOrDefault("pid", "-1"));
        } catch (RuntimeException e) {
            started = heartbeat;
            pid = -1;
        }
        return new Holder(kv.getOrDefault("host", "(unknown)"), pid, started, kv.get("token"), heartbeat);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }
}
