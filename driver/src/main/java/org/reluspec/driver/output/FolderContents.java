package org.reluspec.driver.output;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.reluspec.driver.UserError;

/**
 * What a results folder holds, read only: its sweep.yaml, the committed files of each dataset
 * (the commit protocol's reading of the part files, {@link CommitLayout}) and the runs in them.
 * Shared by the resume check ({@link ResumeCheck}) and the writer ({@link FolderWriter}).
 */
final class FolderContents {
    static final String TMP = "_tmp";

    final Configuration conf;
    final FileSystem fs;
    final Path root;

    FolderContents(Configuration conf, FileSystem fs, Path root) {
        this.conf = conf;
        this.fs = fs;
        this.root = root;
    }

    Path tmp() {
        return new Path(root, TMP);
    }

    Path specFile() {
        return new Path(root, ResultsFolder.SPEC_FILE);
    }

    /**
     * A sweep.yaml being replaced: written under _tmp, then renamed over the old one. Where a rename
     * cannot replace (HDFS), the old file is deleted first; until the rename this copy is the spec.
     */
    Path pendingSpec() {
        return new Path(tmp(), ResultsFolder.SPEC_FILE);
    }

    /** Whether the folder has its sweep.yaml (or one being replaced). */
    boolean hasSpec() throws IOException {
        return fs.exists(specFile()) || fs.exists(pendingSpec());
    }

    /** The text of sweep.yaml. */
    String readSpec() throws IOException {
        Path spec = specFile();
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
    String specTime() throws IOException {
        Path spec = specFile();
        long millis = fs.getFileStatus(fs.exists(spec) ? spec : pendingSpec()).getModificationTime();
        return java.time.Instant.ofEpochMilli(millis).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /** The commit protocol's reading of the part files (see {@link CommitLayout}). */
    CommitLayout layout() throws IOException {
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (Table t : Schema.ALL) {
            List<String> list = new ArrayList<>();
            try {
                for (FileStatus st : fs.listStatus(new Path(root, t.name()))) {
                    if (st.isFile() && CommitLayout.PART.matcher(st.getPath().getName()).matches()) {
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
                return runIdsOf(new Path(new Path(root, "runs"), n), new HashMap<>());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The committed files of a dataset, in commit order. */
    List<Path> validFiles(Table t) throws IOException {
        List<Path> out = new ArrayList<>();
        Path dir = new Path(root, t.name());
        for (String n : layout().valid.getOrDefault(t.name(), List.of())) {
            out.add(new Path(dir, n));
        }
        return out;
    }

    /** The first and last commit numbers in a part file's name. */
    static int[] range(String name) {
        Matcher m = CommitLayout.PART.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException(name);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** The run_ids of one runs file; each is also put in {@code where} (run_id -> files holding it). */
    private Set<String> runIdsOf(Path p, Map<String, List<String>> where) throws IOException {
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
    private void refuseDuplicates(Map<String, List<String>> where) {
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

    /** Run ids in the valid runs files; a run committed twice is refused. */
    Set<String> committedRunIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        Map<String, List<String>> where = new LinkedHashMap<>();
        for (Path p : validFiles(Schema.RUNS)) {
            ids.addAll(runIdsOf(p, where));
        }
        refuseDuplicates(where);
        return ids;
    }

    /** Run ids of the committed runs whose status is failed. */
    Set<String> failedRunIds() throws IOException {
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

    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }
}
