package org.reluspec.driver.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;
import org.reluspec.driver.UserError;

/**
 * The one driver writing a results folder: takes its lock, keeps sweep.yaml, and commits,
 * compacts and drops runs by the commit protocol (files written under {@code _tmp}, renamed into
 * place, the runs file last; see {@link ResultsFolder}).
 */
final class FolderWriter {
    private final FolderContents folder;
    private final FileSystem fs;
    private final Path root;
    private int nextSeq = -1;
    private FolderLock lock;
    /** The writer's token in the names of its files (from its lock): never shared by two writers. */
    private String token;

    FolderWriter(FolderContents folder) {
        this.folder = folder;
        this.fs = folder.fs;
        this.root = folder.root;
    }

    /**
     * Takes the folder's lock (see {@link FolderLock}; {@code notes} hears of a stale lock taken
     * over), creates the folder and sweep.yaml (if absent) and removes what an interrupted commit
     * or compaction left, and only that (see {@link CommitLayout}). Returns the number of files removed.
     */
    int prepare(String specYaml, Consumer<String> notes) {
        try {
            if (!fs.mkdirs(root)) {
                throw new UserError("cannot create the results folder " + root);
            }
            if (lock == null) {
                lock = FolderLock.acquire(fs, root, notes);
                token = lock.me().token().substring(0, 8);
            }
            writeSpec(specYaml);
            int removed = 0;
            removeOldTemporaries();
            for (Table t : Schema.ALL) {
                fs.mkdirs(new Path(root, t.name()));
            }
            CommitLayout layout = folder.layout();
            if (!layout.problems.isEmpty()) {
                throw new UserError("results folder " + root + ": " + layout.problems.get(0));
            }
            for (String g : layout.garbage) {
                fs.delete(new Path(root, g), false);
                removed++;
            }
            nextSeq = 0;
            for (Path p : folder.validFiles(Schema.RUNS)) {
                nextSeq = Math.max(nextSeq, FolderContents.range(p.getName())[1] + 1);
            }
            return removed;
        } catch (org.apache.hadoop.security.AccessControlException e) {
            release();
            throw new UserError("cannot write to " + root + ": permission denied");
        } catch (IOException e) {
            release();
            throw new UserError("cannot write to " + root + ": " + e.getMessage());
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    /** Gives the folder's lock back (taken by {@link #prepare}); harmless when not held. */
    void release() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    /** Writes sweep.yaml unless it already holds {@code specYaml}. */
    private void writeSpec(String specYaml) throws IOException {
        Path spec = folder.specFile();
        Path pending = folder.pendingSpec();
        if (fs.exists(spec) && folder.readSpec().equals(specYaml)) {
            return;
        }
        if (!fs.exists(spec) && fs.exists(pending)) {
            rename(pending, spec);
            if (folder.readSpec().equals(specYaml)) {
                return;
            }
        }
        // Written under this writer's own name first: the pending spec exists only complete (a
        // driver killed mid-write leaves a file no reader takes for the spec).
        Path written = new Path(folder.tmp(), ResultsFolder.SPEC_FILE + "-" + token);
        try (OutputStream o = fs.create(written, true)) {
            o.write(specYaml.getBytes(StandardCharsets.UTF_8));
        }
        fs.delete(pending, false);
        rename(written, pending);
        if (!fs.rename(pending, spec)) {
            fs.delete(spec, false);
            rename(pending, spec);
        }
    }

    /**
     * Removes what other writers left under {@code _tmp}: only entries older than the lock's
     * timeout, so that even a writer wrongly judged gone keeps the files it is writing.
     */
    private void removeOldTemporaries() throws IOException {
        Path tmp = folder.tmp();
        if (!fs.exists(tmp)) {
            return;
        }
        long limit = System.currentTimeMillis() - FolderLock.timeoutMillis();
        for (FileStatus st : fs.listStatus(tmp)) {
            if (st.getModificationTime() < limit) {
                fs.delete(st.getPath(), true);
            }
        }
    }

    private String name(int first, int last) {
        return String.format("part-%06d-%06d-%s.parquet", first, last, token);
    }

    /** Commits a batch of runs atomically. Returns the commit number. */
    int commit(List<RunRecord> batch) throws IOException {
        if (nextSeq < 0) {
            throw new IllegalStateException("prepare() first");
        }
        int seq = nextSeq++;
        String file = name(seq, seq);
        Path tmp = new Path(folder.tmp(), "commit-" + token + "-" + seq);
        List<Path[]> moves = new ArrayList<>();
        for (Table t : Schema.ALL) {
            List<Object[]> rows = new ArrayList<>();
            for (RunRecord r : batch) {
                rows.addAll(r.rows(t));
            }
            if (rows.isEmpty()) {
                continue;
            }
            Path p = new Path(tmp, t.name() + ".parquet");
            ParquetIO.write(folder.conf, p, t, rows);
            moves.add(new Path[] {p, new Path(new Path(root, t.name()), file)});
        }
        publish(moves, List.of(), tmp);
        return seq;
    }

    /**
     * The last step of a commit, compaction or drop, once every new file is written under
     * {@code tmp}: renames them into place (the writer still holding the lock), then deletes the
     * files they supersede, runs' last as in a commit, and the temporary folder.
     */
    private void publish(List<Path[]> moves, List<Path> superseded, Path tmp) throws IOException {
        lock.ensureHeld();
        for (Path[] m : moves) {
            rename(m[0], m[1]);
        }
        List<Path> old = new ArrayList<>(superseded);
        old.sort(Comparator.comparing((Path p) -> p.getParent().getName().equals("runs")));
        for (Path p : old) {
            fs.delete(p, false);
        }
        fs.delete(tmp, true);
    }

    /**
     * Merges the single-commit files into one file per dataset once there are at least
     * {@code minFiles} of them; crash-safe like a commit. Returns the number merged (0: none).
     */
    int compact(int minFiles) throws IOException {
        List<int[]> small = new ArrayList<>();
        for (Path p : folder.validFiles(Schema.RUNS)) {
            int[] r = FolderContents.range(p.getName());
            if (r[0] == r[1]) {
                small.add(r);
            }
        }
        if (small.size() < Math.max(2, minFiles)) {
            return 0;
        }
        int first = small.get(0)[0];
        int last = small.get(small.size() - 1)[1];
        folder.committedRunIds(); // refuses a run committed twice: never merged into one file
        Path tmp = new Path(folder.tmp(), "compact-" + token + "-" + first + "-" + last);
        List<Path[]> moves = new ArrayList<>();
        List<Path> old = new ArrayList<>();
        for (Table t : Schema.ALL) {
            List<Path> parts = new ArrayList<>();
            for (Path p : folder.validFiles(t)) {
                int[] r = FolderContents.range(p.getName());
                if (r[0] >= first && r[1] <= last) {
                    parts.add(p);
                }
            }
            if (parts.isEmpty()) {
                continue;
            }
            Path merged = new Path(tmp, t.name() + ".parquet");
            try (ParquetWriter<Group> w = ParquetIO.writer(folder.conf, merged, t)) {
                for (Path p : parts) {
                    ParquetIO.forEach(folder.conf, p, t, null, g -> {
                        try {
                            w.write(g);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                }
            }
            moves.add(new Path[] {merged, new Path(new Path(root, t.name()), name(first, last))});
            old.addAll(parts);
        }
        publish(moves, old, tmp);
        return small.size();
    }

    /**
     * Removes committed runs (every dataset's rows of them), e.g. failed runs about to run again:
     * the files holding them are rewritten without them into one file whose commit range covers
     * theirs and the next commit number, so that it supersedes them (crash-safe like a compaction).
     * Returns the number of runs removed.
     */
    int dropRuns(Set<String> runIds) throws IOException {
        if (nextSeq < 0) {
            throw new IllegalStateException("prepare() first");
        }
        List<Path> runsFiles = new ArrayList<>();
        int[] removed = {0};
        for (Path p : folder.validFiles(Schema.RUNS)) {
            Column id = Schema.RUNS.columns().get(Schema.RUNS.indexOf("run_id"));
            int[] hits = {0};
            ParquetIO.forEach(folder.conf, p, Schema.RUNS, List.of("run_id"), g -> {
                if (runIds.contains((String) ParquetIO.value(g, id))) {
                    hits[0]++;
                }
            });
            if (hits[0] > 0) {
                runsFiles.add(p);
                removed[0] += hits[0];
            }
        }
        if (runsFiles.isEmpty()) {
            return 0;
        }
        int first = runsFiles.stream().mapToInt(p -> FolderContents.range(p.getName())[0]).min().orElseThrow();
        int last = nextSeq++;
        Path tmp = new Path(folder.tmp(), "drop-" + first + "-" + last);
        List<Path[]> moves = new ArrayList<>();
        List<Path> old = new ArrayList<>();
        for (Table t : Schema.ALL) {
            Column id = t.columns().get(t.indexOf("run_id"));
            Path merged = new Path(tmp, t.name() + ".parquet");
            try (ParquetWriter<Group> w = ParquetIO.writer(folder.conf, merged, t)) {
                for (Path p : folder.validFiles(t)) {
                    int[] r = FolderContents.range(p.getName());
                    if (r[0] < first) {
                        continue;
                    }
                    old.add(p);
                    ParquetIO.forEach(folder.conf, p, t, null, g -> {
                        if (!runIds.contains((String) ParquetIO.value(g, id))) {
                            try {
                                w.write(g);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    });
                }
            }
            moves.add(new Path[] {merged, new Path(new Path(root, t.name()), name(first, last))});
        }
        publish(moves, old, tmp);
        return removed[0];
    }

    /**
     * Replaces the table {@code complexity/<name>} with {@code rows} (one file, written under
     * {@code _tmp} and renamed into place). These tables are derived from the committed runs: an
     * interrupted replacement loses nothing that the next search does not write again.
     */
    void replaceComplexityTable(Table t, List<Object[]> rows) throws IOException {
        Path tmp = new Path(folder.tmp(), ResultsFolder.COMPLEXITY + "-" + t.name() + "-" + token + ".parquet");
        ParquetIO.write(folder.conf, tmp, t, rows);
        Path dir = new Path(new Path(root, ResultsFolder.COMPLEXITY), t.name());
        if (fs.exists(dir)) {
            fs.delete(dir, true);
        }
        rename(tmp, new Path(dir, "part-000000-000000.parquet"));
    }

    private void rename(Path from, Path to) throws IOException {
        fs.mkdirs(to.getParent());
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }
}
