package org.reluspec.driver.output;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
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
import org.reluspec.driver.cli.UserError;

/**
 * The results folder {@code OUT/<sweep-name>/} of one sweep, on any Hadoop file system:
 *
 * <pre>
 * sweep.yaml                      the resolved sweep spec (written first)
 * runs/part-FFFFFF-LLLLLL.parquet one file per dataset and commit; F..L = commit numbers it holds
 * nodes/ epochs/ students/        the same file names
 * _tmp/                           files being written (ignored by Spark readers: leading '_')
 * </pre>
 *
 * A commit writes its files under {@code _tmp}, renames them into place, the {@code runs} file
 * last: a run is committed exactly when a runs file holding it is in place. A file of another
 * dataset without its runs file is the rest of an interrupted commit; a file whose range lies
 * inside a larger one is the rest of an interrupted compaction. Both are ignored by
 * {@link #validFiles} and deleted by {@link #prepare}. One driver writes a folder at a time.
 */
public final class ResultsFolder {
    public static final String SPEC_FILE = "sweep.yaml";
    private static final String TMP = "_tmp";
    private static final Pattern PART = Pattern.compile("part-(\\d{6})-(\\d{6})\\.parquet");
    private static final Set<String> DATASETS = Set.of("runs", "nodes", "epochs", "students");
    /** Folder of the sample-complexity tables (derived from the committed runs, rewritten whole). */
    public static final String COMPLEXITY = "complexity";

    private final Configuration conf;
    private final FileSystem fs;
    private final Path root;
    private int nextSeq = -1;

    private ResultsFolder(Configuration conf, FileSystem fs, Path root) {
        this.conf = conf;
        this.fs = fs;
        this.root = root;
    }

    /** {@code out} is a folder or URI (file://, hdfs://, s3a://); the sweep goes in out/name. */
    public static ResultsFolder open(String out, String name, Configuration conf) {
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
                } else if ((DATASETS.contains(n) || n.equals(TMP) || n.equals(COMPLEXITY)) && st.isDirectory()) {
                    hasOther = true;
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
        try (FSDataInputStream in = fs.open(spec)) {
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
        Path tmp = pendingSpec();
        try (OutputStream o = fs.create(tmp, true)) {
            o.write(specYaml.getBytes(StandardCharsets.UTF_8));
        }
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
        try {
            if (!fs.mkdirs(root)) {
                throw new UserError("cannot create the results folder " + root);
            }
            writeSpec(specYaml);
            int removed = 0;
            if (fs.exists(new Path(root, TMP))) {
                fs.delete(new Path(root, TMP), true);
            }
            for (Table t : Schema.ALL) {
                Path dir = new Path(root, t.name());
                fs.mkdirs(dir);
                Set<String> valid = new HashSet<>();
                validFiles(t).forEach(p -> valid.add(p.getName()));
                for (FileStatus st : fs.listStatus(dir)) {
                    String n = st.getPath().getName();
                    if (PART.matcher(n).matches() && !valid.contains(n)) {
                        fs.delete(st.getPath(), false);
                        removed++;
                    }
                }
            }
            nextSeq = 0;
            for (Path p : validFiles(Schema.RUNS)) {
                nextSeq = Math.max(nextSeq, range(p.getName())[1] + 1);
            }
            return removed;
        } catch (org.apache.hadoop.security.AccessControlException e) {
            throw new UserError("cannot write to " + root + ": permission denied");
        } catch (IOException e) {
            throw new UserError("cannot write to " + root + ": " + e.getMessage());
        }
    }

    /** Run ids in the valid runs files. */
    public Set<String> committedRunIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        Table t = Schema.RUNS;
        Column id = t.columns().get(t.indexOf("run_id"));
        for (Path p : validFiles(t)) {
            try {
                ParquetIO.forEach(conf, p, t, List.of("run_id"), g -> ids.add((String) ParquetIO.value(g, id)));
            } catch (IOException | RuntimeException e) {
                throw new UserError("results folder " + root + ": cannot read " + p.getParent().getName() + "/"
                        + p.getName() + " (corrupt or not written by reluspec: " + firstLine(e) + "); "
                        + "move it away or choose another --out");
            }
        }
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
        TreeMap<Integer, int[]> runs = ranges(new Path(root, "runs"));
        List<int[]> maximal = new ArrayList<>();
        for (int[] r : runs.values()) {
            boolean contained = false;
            for (int[] o : runs.values()) {
                if (o != r && o[0] <= r[0] && r[1] <= o[1] && (o[0] != r[0] || o[1] != r[1])) {
                    contained = true;
                    break;
                }
            }
            if (!contained) {
                maximal.add(r);
            }
        }
        maximal.sort(Comparator.comparingInt(r -> r[0]));
        List<Path> out = new ArrayList<>();
        Path dir = new Path(root, t.name());
        for (int[] r : maximal) {
            Path p = new Path(dir, name(r[0], r[1]));
            if (t == Schema.RUNS || fs.exists(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private TreeMap<Integer, int[]> ranges(Path dir) throws IOException {
        TreeMap<Integer, int[]> out = new TreeMap<>();
        FileStatus[] list;
        try {
            list = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return out;
        }
        int k = 0;
        for (FileStatus st : list) {
            Matcher m = PART.matcher(st.getPath().getName());
            if (m.matches()) {
                out.put(k++, new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
            }
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

    private static String name(int first, int last) {
        return String.format("part-%06d-%06d.parquet", first, last);
    }

    /** Commits a batch of runs atomically (see the class comment). Returns the commit number. */
    public int commit(List<RunRecord> batch) throws IOException {
        if (nextSeq < 0) {
            throw new IllegalStateException("prepare() first");
        }
        int seq = nextSeq++;
        String file = name(seq, seq);
        Path tmp = new Path(new Path(root, TMP), "commit-" + seq);
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
        Path tmp = new Path(new Path(root, TMP), "compact-" + first + "-" + last);
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
        Path tmp = new Path(new Path(root, TMP), COMPLEXITY + "-" + t.name() + ".parquet");
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
