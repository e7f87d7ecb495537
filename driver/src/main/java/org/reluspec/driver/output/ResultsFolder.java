package org.reluspec.driver.output;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.reluspec.driver.UserError;

/**
 * The results folder {@code OUT/<sweep-name>/} of one sweep, on any Hadoop file system:
 *
 * <pre>
 * sweep.yaml                      the resolved sweep spec (written first)
 * runs/part-FFFFFF-LLLLLL-W.parquet one file per dataset and commit; F..L = commit numbers it
 *                                 holds, W = the writer's token (absent in older folders)
 * nodes/ epochs/ students/        the same file names
 * _tmp/                           files being written (ignored by Spark readers: leading '_')
 * _lock                           the lock of the driver writing the folder ({@link FolderLock})
 * </pre>
 *
 * A commit writes its files under {@code _tmp}, renames them into place, the {@code runs} file
 * last: a run is committed exactly when a runs file holding it is in place. What a crash leaves
 * is told apart from what no crash can leave by {@link CommitLayout}: the first is ignored by
 * {@link #validFiles} and deleted by {@link #prepare}, the second refused by {@link #check}.
 * One driver writes a folder at a time ({@link #prepare} takes its lock; {@link #release}).
 */
public final class ResultsFolder {
    public static final String SPEC_FILE = "sweep.yaml";
    private static final String TMP = "_tmp";
    private static final Pattern PART = CommitLayout.PART;
    private static final Set<String> DATASETS = Set.of("runs", "nodes", "epochs", "students");
    /** Folder of the sample-complexity tables (derived from the committed runs, rewritten whole). */
    public static final String COMPLEXITY = "complexity";

    private final Configuration conf;
    private final FileSystem fs;
    private final Path root;
    private int nextSeq = -1;
    private FolderLock lock;
    /** The writer's token in the names of its files (from its lock): never shared by two writers. */
    private String token;

    private ResultsFolder(Configuration conf, FileSystem fs, Path root) {
        this.conf = conf;
        this.fs = fs;
        this.root = root;
    }

    /** {@code out} is a folder or URI (file://, hdfs://, s3a://); the sweep goes in out/name. */
    public static ResultsFolder open(String out, String name, Configuration conf) {
        if (out == null || out.isBlank()) {
            throw new UserError("--out is empty: give the folder (or URI) that results go into, e.g. --out results");
        }
        return at(new Path(new Path(out), name).toString(), conf);
    }

    /** The results folder at {@code dir} itself (for show). */
    public static ResultsFolder at(String dir, Configuration conf) {
        try {
            Path p = new Path(dir);
            FileSystem fs = p.getFileSystem(conf);
            return new ResultsFolder(conf, fs, fs.makeQualified(p));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("output path " + dir + ": " + e.getMessage());
        }
    }

    public Path root() {
        return root;
    }

    public Configuration conf() {
        return conf;
    }

    public boolean exists() throws IOException {
        return fs.exists(root);
    }

    /**
     * Read-only checks before anything runs: the folder is absent, empty, or holds this very
     * sweep (same resolved spec, same schema version) and nothing foreign. Returns the run_ids
     * already committed.
     */
    public Set<String> check(String expectedSpecBody) {
        try {
            Path parent = root.getParent();
            if (parent != null && fs.exists(parent) && !fs.getFileStatus(parent).isDirectory()) {
                throw new UserError("output path " + parent + " is a file, not a folder; choose another --out");
            }
            if (!fs.exists(root)) {
                return Set.of();
            }
            if (!fs.getFileStatus(root).isDirectory()) {
                throw new UserError("results folder " + root + " is a file, not a folder; choose another --out");
            }
            List<String> foreign = new ArrayList<>();
            boolean hasSpec = false;
            boolean hasOther = false;
            for (FileStatus st : fs.listStatus(root)) {
                String n = st.getPath().getName();
                if (n.equals(SPEC_FILE) && st.isFile()) {
                    hasSpec = true;
                } else if (n.equals(TMP) && st.isDirectory() && fs.exists(pendingSpec())) {
                    hasSpec = true;
                } else if (n.startsWith(FolderLock.FILE) && st.isFile()) {
                    continue; // the lock of a driver writing the folder (or of one that is gone)
                } else if ((DATASETS.contains(n) || n.equals(COMPLEXITY)) && st.isDirectory()) {
                    hasOther = true;
                } else if (n.equals(TMP) && st.isDirectory()) {
                    continue; // a driver stopped before sweep.yaml was in place leaves only this (and its lock)
                } else if (!isChecksum(n)) {
                    foreign.add(n);
                }
            }
            if (!foreign.isEmpty()) {
                throw foreign(foreign);
            }
            if (!hasSpec) {
                if (hasOther) {
                    throw new UserError("results folder " + root + " has result folders but no " + SPEC_FILE
                            + ": it was not written by a complete reluspec sweep; move it away or choose another --out");
                }
                return Set.of();
            }
            checkSpec(expectedSpecBody);
            for (String d : DATASETS) {
                Path dir = new Path(root, d);
                if (!fs.exists(dir)) {
                    continue;
                }
                for (FileStatus st : fs.listStatus(dir)) {
                    String n = st.getPath().getName();
                    if (!(st.isFile() && PART.matcher(n).matches()) && !isChecksum(n)) {
                        foreign.add(d + "/" + n);
                    }
                }
            }
            if (!foreign.isEmpty()) {
                throw foreign(foreign);
            }
            CommitLayout layout = layout();
            if (!layout.problems.isEmpty()) {
                throw new UserError("results folder " + root + ": " + layout.problems.get(0)
                        + (layout.problems.size() > 1 ? " (and " + (layout.problems.size() - 1) + " more such files)" : ""));
            }
            for (Table t : Schema.ALL) {
                for (Path p : validFiles(t)) {
                    checkFooter(t, p);
                }
            }
            return committedRunIds();
        } catch (IOException e) {
            throw new UserError("cannot read results folder " + root + ": " + e.getMessage());
        }
    }

    /**
     * Refuses a folder that a live driver is writing (naming it), for a command about to write:
     * what it would read there may be mid-commit or mid-compaction.
     */
    /** Who writes the folder now ("host H, pid P, since ..."), or null when no live driver does. */
    public String writer() {
        FolderLock.Holder h = FolderLock.holder(fs, root);
        return h == null ? null : h.describe();
    }

    public void refuseIfBusy() {
        FolderLock.Holder h = FolderLock.holder(fs, root);
        if (h != null) {
            throw FolderLock.busy(root, h);
        }
    }

    private UserError foreign(List<String> names) {
        return new UserError("results folder " + root + " holds files that a reluspec sweep did not write: "
                + String.join(", ", names.subList(0, Math.min(5, names.size())))
                + (names.size() > 5 ? " ..." : "") + "; move them away or choose another --out");
    }

    private static boolean isChecksum(String n) {
        return n.startsWith(".") && n.endsWith(".crc");
    }

    private void checkSpec(String expectedBody) throws IOException {
        String existing = readSpec();
        String version = firstValue(existing, "schema_version");
        if (!String.valueOf(org.reluspec.driver.sweep.SweepSpec.FORMAT_VERSION).equals(version)) {
            throw new UserError("results folder " + root + " was written with schema version " + version
                    + "; this program writes version " + org.reluspec.driver.sweep.SweepSpec.FORMAT_VERSION
                    + ". Choose another --out or another --name");
        }
        if (expectedBody == null) {
            return;
        }
        String body = body(existing);
        if (!body.equals(expectedBody)) {
            List<String> a = body.lines().toList();
            List<String> b = expectedBody.lines().toList();
            int i = 0;
            while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
                i++;
            }
            String was = i < a.size() ? a.get(i).trim() : "(nothing)";
            String now = i < b.size() ? b.get(i).trim() : "(nothing)";
            throw new UserError("results folder " + root + " holds another sweep under the name '"
                    + root.getName() + "' (its " + SPEC_FILE + " has '" + was + "' where this sweep has '" + now
                    + "'). Resume only with the same grid; otherwise choose another --out or another name:");
        }
    }

    /** Whether the folder has its sweep.yaml (or one being replaced). */
    public boolean hasSpec() throws IOException {
        return fs.exists(new Path(root, SPEC_FILE)) || fs.exists(pendingSpec());
    }

    /** The text of sweep.yaml. */
    public String readSpec() throws IOException {
        Path spec = new Path(root, SPEC_FILE);
        if (!fs.exists(spec) && fs.exists(pendingSpec())) {
            spec = pendingSpec();
        }
        // Without the checksum file: a sweep.yaml edited by hand is read (and judged) as it is.
        FileSystem raw = fs instanceof org.apache.hadoop.fs.LocalFileSystem l ? l.getRawFileSystem() : fs;
        try (FSDataInputStream in = raw.open(spec)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** When sweep.yaml was last written (UTC, ISO-8601 to the second). */
    public String specTime() throws IOException {
        Path spec = new Path(root, SPEC_FILE);
        long millis = fs.getFileStatus(fs.exists(spec) ? spec : pendingSpec()).getModificationTime();
        return java.time.Instant.ofEpochMilli(millis).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /**
     * A sweep.yaml being replaced: written under _tmp, then renamed over the old one. Where a rename
     * cannot replace (HDFS), the old file is deleted first; until the rename this copy is the spec.
     */
    private Path pendingSpec() {
        return new Path(new Path(root, TMP), SPEC_FILE);
    }

    /** Writes sweep.yaml unless it already holds {@code specYaml}. */
    private void writeSpec(String specYaml) throws IOException {
        Path spec = new Path(root, SPEC_FILE);
        if (fs.exists(spec) && readSpec().equals(specYaml)) {
            return;
        }
        if (!fs.exists(spec) && fs.exists(pendingSpec())) {
            rename(pendingSpec(), spec);
            if (readSpec().equals(specYaml)) {
                return;
            }
        }
        // Written under this writer's own name first: the pending spec exists only complete (a
        // driver killed mid-write leaves a file no reader takes for the spec).
        Path written = new Path(new Path(root, TMP), SPEC_FILE + "-" + token);
        try (OutputStream o = fs.create(written, true)) {
            o.write(specYaml.getBytes(StandardCharsets.UTF_8));
        }
        Path tmp = pendingSpec();
        fs.delete(tmp, false);
        rename(written, tmp);
        if (!fs.rename(tmp, spec)) {
            fs.delete(spec, false);
            rename(tmp, spec);
        }
    }

    /** The identifying part of a spec file: no comments; of a sweep's file, the latest grid (not the history). */
    static String body(String yaml) {
        StringBuilder b = new StringBuilder();
        yaml.lines().takeWhile(l -> !l.equals("history:")).filter(l -> !l.startsWith("#"))
                .forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private static String firstValue(String yaml, String key) {
        return yaml.lines().filter(l -> l.startsWith(key + ":")).map(l -> l.substring(key.length() + 1).trim())
                .findFirst().orElse("(none)");
    }

    /**
     * Creates the folder, writes sweep.yaml (if absent or different) and removes what an interrupted commit or
     * compaction left. Returns the number of leftover files removed.
     */
    public int prepare(String specYaml) {
        return prepare(specYaml, line -> { });
    }

    /**
     * Takes the folder's lock (see {@link FolderLock}; {@code notes} hears of a stale lock taken
     * over), creates the folder and sweep.yaml (if absent) and removes what an interrupted commit
     * or compaction left, and only that (see {@link CommitLayout}). Returns the number of files removed.
     */
    public int prepare(String specYaml, java.util.function.Consumer<String> notes) {
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
            CommitLayout layout = layout();
            if (!layout.problems.isEmpty()) {
                throw new UserError("results folder " + root + ": " + layout.problems.get(0));
            }
            for (String g : layout.garbage) {
                fs.delete(new Path(root, g), false);
                removed++;
            }
            nextSeq = 0;
            for (Path p : validFiles(Schema.RUNS)) {
                nextSeq = Math.max(nextSeq, range(p.getName())[1] + 1);
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
    public void release() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    /**
     * Removes what other writers left under {@code _tmp}: only entries older than the lock's
     * timeout, so that even a writer wrongly judged gone keeps the files it is writing.
     */
    private void removeOldTemporaries() throws IOException {
        Path tmp = new Path(root, TMP);
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

    /** The commit protocol's reading of the part files (see {@link CommitLayout}). */
    private CommitLayout layout() throws IOException {
        java.util.Map<String, List<String>> names = new java.util.LinkedHashMap<>();
        for (Table t : Schema.ALL) {
            List<String> list = new ArrayList<>();
            try {
                for (FileStatus st : fs.listStatus(new Path(root, t.name()))) {
                    if (st.isFile() && PART.matcher(st.getPath().getName()).matches()) {
                        list.add(st.getPath().getName());
                    }
                }
            } catch (FileNotFoundException e) {
                // no such dataset yet
            }
            names.put(t.name(), list);
        }
        return CommitLayout.of(names, n -> {
            try {
                return runIdsOf(new Path(new Path(root, "runs"), n), new java.util.HashMap<>());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The run_ids of one runs file; each is also put in {@code where} (run_id -> files holding it). */
    private Set<String> runIdsOf(Path p, java.util.Map<String, List<String>> where) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        Table t = Schema.RUNS;
        Column id = t.columns().get(t.indexOf("run_id"));
        try {
            ParquetIO.forEach(conf, p, t, List.of("run_id"), g -> {
                String r = (String) ParquetIO.value(g, id);
                ids.add(r);
                where.computeIfAbsent(r, k -> new ArrayList<>()).add("runs/" + p.getName());
            });
        } catch (IOException | RuntimeException e) {
            throw new UserError("results folder " + root + ": cannot read " + p.getParent().getName() + "/"
                    + p.getName() + " (corrupt or not written by reluspec: " + firstLine(e) + "); "
                    + "move it away or choose another --out");
        }
        return ids;
    }

    /**
     * A run committed twice (a file copied by hand, or two drivers at once before the lock):
     * a user error naming the files, never merged by a compaction.
     */
    private void refuseDuplicates(java.util.Map<String, List<String>> where) {
        List<String> dup = where.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " in " + String.join(" and ", e.getValue())).toList();
        if (dup.isEmpty()) {
            return;
        }
        throw new UserError("results folder " + root + ": " + dup.size() + " run" + (dup.size() > 1 ? "s are" : " is")
                + " committed twice (run_id " + dup.get(0) + (dup.size() > 1 ? "; ..." : "")
                + "): a results file was copied by hand, or two drivers wrote the folder at once. Move the"
                + " duplicate file out of the folder together with its namesakes in nodes/, epochs/, students/"
                + " (a file that holds the same run twice must be rewritten); nothing is compacted until then");
    }

    /** Run ids in the valid runs files. */
    public Set<String> committedRunIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        java.util.Map<String, List<String>> where = new java.util.LinkedHashMap<>();
        for (Path p : validFiles(Schema.RUNS)) {
            ids.addAll(runIdsOf(p, where));
        }
        refuseDuplicates(where);
        return ids;
    }

    /** A committed file must be Parquet with the table's schema (reads the footer only). */
    private void checkFooter(Table t, Path p) {
        String problem;
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, conf))) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            if (ParquetIO.olderOrSame(schema, t)) {
                return;
            }
            problem = "its columns are not those of this schema version";
        } catch (IOException | RuntimeException e) {
            problem = "corrupt or not written by reluspec: " + firstLine(e);
        }
        throw new UserError("results folder " + root + ": cannot read " + t.name() + "/" + p.getName()
                + " (" + problem + "); move it away or choose another --out");
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }

    /** The committed files of a dataset, in commit order. */
    public List<Path> validFiles(Table t) throws IOException {
        List<Path> out = new ArrayList<>();
        Path dir = new Path(root, t.name());
        for (String n : layout().valid.getOrDefault(t.name(), List.of())) {
            out.add(new Path(dir, n));
        }
        return out;
    }

    private static int[] range(String name) {
        Matcher m = PART.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException(name);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private String name(int first, int last) {
        return String.format("part-%06d-%06d-%s.parquet", first, last, token);
    }

    /** Commits a batch of runs atomically (see the class comment). Returns the commit number. */
    public int commit(List<RunRecord> batch) throws IOException {
        if (nextSeq < 0) {
            throw new IllegalStateException("prepare() first");
        }
        int seq = nextSeq++;
        String file = name(seq, seq);
        Path tmp = new Path(new Path(root, TMP), "commit-" + token + "-" + seq);
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
            ParquetIO.write(conf, p, t, rows);
            moves.add(new Path[] {p, new Path(new Path(root, t.name()), file)});
        }
        lock.ensureHeld();
        for (Path[] m : moves) {
            rename(m[0], m[1]);
        }
        fs.delete(tmp, true);
        return seq;
    }

    /**
     * Merges the single-commit files into one file per dataset once there are at least
     * {@code minFiles} of them; crash-safe like a commit. Returns the number merged (0: none).
     */
    public int compact(int minFiles) throws IOException {
        List<int[]> small = new ArrayList<>();
        for (Path p : validFiles(Schema.RUNS)) {
            int[] r = range(p.getName());
            if (r[0] == r[1]) {
                small.add(r);
            }
        }
        if (small.size() < Math.max(2, minFiles)) {
            return 0;
        }
        int first = small.get(0)[0];
        int last = small.get(small.size() - 1)[1];
        committedRunIds(); // refuses a run committed twice: never merged into one file
        Path tmp = new Path(new Path(root, TMP), "compact-" + token + "-" + first + "-" + last);
        List<Path[]> moves = new ArrayList<>();
        List<Path> old = new ArrayList<>();
        for (Table t : Schema.ALL) {
            List<Path> parts = new ArrayList<>();
            for (Path p : validFiles(t)) {
                int[] r = range(p.getName());
                if (r[0] >= first && r[1] <= last) {
                    parts.add(p);
                }
            }
            if (parts.isEmpty()) {
                continue;
            }
            Path merged = new Path(tmp, t.name() + ".parquet");
            try (ParquetWriter<Group> w = ParquetIO.writer(conf, merged, t)) {
                for (Path p : parts) {
                    ParquetIO.forEach(conf, p, t, null, g -> {
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
        lock.ensureHeld();
        for (Path[] m : moves) {
            rename(m[0], m[1]);
        }
        // The merged runs file is in place: the small files are superseded; runs' own go last.
        old.sort(Comparator.comparing((Path p) -> p.getParent().getName().equals("runs")));
        for (Path p : old) {
            fs.delete(p, false);
        }
        fs.delete(tmp, true);
        return small.size();
    }

    /** Run ids of the committed runs whose status is failed. */
    public Set<String> failedRunIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        Table t = Schema.RUNS;
        Column id = t.columns().get(t.indexOf("run_id"));
        Column status = t.columns().get(t.indexOf("status"));
        for (Path p : validFiles(t)) {
            ParquetIO.forEach(conf, p, t, List.of("run_id", "status"), g -> {
                if ("failed".equals(ParquetIO.value(g, status))) {
                    ids.add((String) ParquetIO.value(g, id));
                }
            });
        }
        return ids;
    }

    /**
     * Removes committed runs (every dataset's rows of them), e.g. failed runs about to run again:
     * the files holding them are rewritten without them into one file whose commit range covers
     * theirs and the next commit number, so that it supersedes them (crash-safe like a compaction;
     * see the class comment). Returns the number of runs removed.
     */
    public int dropRuns(Set<String> runIds) throws IOException {
        if (nextSeq < 0) {
            throw new IllegalStateException("prepare() first");
        }
        List<Path> runsFiles = new ArrayList<>();
        int[] removed = {0};
        for (Path p : validFiles(Schema.RUNS)) {
            Column id = Schema.RUNS.columns().get(Schema.RUNS.indexOf("run_id"));
            int[] hits = {0};
            ParquetIO.forEach(conf, p, Schema.RUNS, List.of("run_id"), g -> {
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
        int first = runsFiles.stream().mapToInt(p -> range(p.getName())[0]).min().orElseThrow();
        int last = nextSeq++;
        Path tmp = new Path(new Path(root, TMP), "drop-" + first + "-" + last);
        List<Path[]> moves = new ArrayList<>();
        List<Path> old = new ArrayList<>();
        for (Table t : Schema.ALL) {
            Column id = t.columns().get(t.indexOf("run_id"));
            Path merged = new Path(tmp, t.name() + ".parquet");
            try (ParquetWriter<Group> w = ParquetIO.writer(conf, merged, t)) {
                for (Path p : validFiles(t)) {
                    int[] r = range(p.getName());
                    if (r[0] < first) {
                        continue;
                    }
                    old.add(p);
                    ParquetIO.forEach(conf, p, t, null, g -> {
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
        for (Path[] m : moves) {
            rename(m[0], m[1]);
        }
        old.sort(Comparator.comparing((Path p) -> p.getParent().getName().equals("runs")));
        for (Path p : old) {
            fs.delete(p, false);
        }
        fs.delete(tmp, true);
        return removed[0];
    }

    /**
     * Replaces the table {@code complexity/<name>} with {@code rows} (one file, written under
     * {@code _tmp} and renamed into place). These tables are derived from the committed runs: an
     * interrupted replacement loses nothing that the next search does not write again.
     */
    public void replaceComplexityTable(Table t, List<Object[]> rows) throws IOException {
        Path tmp = new Path(new Path(root, TMP), COMPLEXITY + "-" + t.name() + "-" + token + ".parquet");
        ParquetIO.write(conf, tmp, t, rows);
        Path dir = new Path(new Path(root, COMPLEXITY), t.name());
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
