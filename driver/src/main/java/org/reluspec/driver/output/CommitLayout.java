package org.reluspec.driver.output;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the commit protocol makes of the part files of a results folder: which are committed,
 * which are provably garbage (what a crash between two steps of a commit or a compaction leaves),
 * and which no crash can leave (a file copied or renamed by hand): those are problems, refused
 * and explained, never deleted.
 *
 * <p>The protocol: a commit or a compaction writes one file per dataset under {@code _tmp},
 * renames them into place with the {@code runs} file last, and a compaction then deletes the
 * files it merged, {@code runs} last. Hence: a runs file whose range lies inside another's is
 * superseded (garbage) only if the larger runs file holds all its run_ids; a file of another
 * dataset without its runs namesake is garbage when its range is disjoint from every committed
 * range or contains committed ranges (an interrupted commit or compaction), and when it lies
 * inside a committed range whose file of that dataset is in place (an interrupted clean-up).
 * Anything else (ranges that overlap without nesting, a superseded file whose runs are not in
 * the larger file, a merged runs file without its merged namesakes) is a problem.
 */
final class CommitLayout {
    static final Pattern PART = Pattern.compile("part-(\\d{6})-(\\d{6})(?:-([0-9a-f]{8}))?\\.parquet");
    private static final String HAND = "no crash of a commit or compaction leaves this: a file was copied or renamed"
            + " by hand, or written by another program. Move the file you did not expect out of the folder"
            + " (with its namesakes in nodes/, epochs/, students/) and run again";

    record Part(String name, int first, int last) {
        boolean inside(Part o) {
            return o.first <= first && last <= o.last && (o.first != first || o.last != last);
        }

        boolean overlapsWithoutNesting(Part o) {
            boolean disjoint = last < o.first || o.last < first;
            boolean nested = (o.first <= first && last <= o.last) || (first <= o.first && o.last <= last);
            return !disjoint && !nested;
        }
    }

    /** Committed file names per dataset, in commit order. */
    final Map<String, List<String>> valid = new LinkedHashMap<>();
    /** dataset/name of provable garbage. */
    final List<String> garbage = new ArrayList<>();
    /** Refusals, one sentence each. */
    final List<String> problems = new ArrayList<>();

    static Part part(String name) {
        Matcher m = PART.matcher(name);
        return m.matches() ? new Part(name, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
    }

    /**
     * {@code names}: the part file names of each dataset ({@code runs} among them);
     * {@code runIds}: the run_ids of a runs file (read only for superseded files).
     */
    static CommitLayout of(Map<String, List<String>> names, Function<String, Set<String>> runIds) {
        CommitLayout out = new CommitLayout();
        List<Part> runs = names.getOrDefault("runs", List.of()).stream().map(CommitLayout::part).toList();
        List<Part> maximal = new ArrayList<>();
        for (Part r : runs) {
            if (runs.stream().noneMatch(r::inside)) {
                maximal.add(r);
            }
        }
        maximal.sort(Comparator.comparingInt(Part::first).thenComparing(Part::name));
        for (int i = 0; i < maximal.size(); i++) {
            for (int j = i + 1; j < maximal.size(); j++) {
                if (maximal.get(i).overlapsWithoutNesting(maximal.get(j))) {
                    out.problems.add("runs/" + maximal.get(i).name() + " and runs/" + maximal.get(j).name()
                            + " hold overlapping commit ranges; " + HAND);
                }
            }
        }
        Set<String> maximalNames = new java.util.HashSet<>();
        maximal.forEach(p -> maximalNames.add(p.name()));
        out.valid.put("runs", maximal.stream().map(Part::name).toList());
        for (Part r : runs) {
            if (maximalNames.contains(r.name())) {
                continue;
            }
            Part big = maximal.stream().filter(r::inside).findFirst().orElseThrow();
            Set<String> inBig = runIds.apply(big.name());
            Set<String> mine = runIds.apply(r.name());
            if (inBig.containsAll(mine)) {
                out.garbage.add("runs/" + r.name());
            } else {
                out.problems.add("runs/" + r.name() + " lies inside the range of runs/" + big.name()
                        + " but holds runs that file lacks; " + HAND);
            }
        }
        for (Map.Entry<String, List<String>> e : names.entrySet()) {
            String d = e.getKey();
            if (d.equals("runs")) {
                continue;
            }
            Set<String> present = Set.copyOf(e.getValue());
            List<String> ok = new ArrayList<>();
            for (Part r : maximal) {
                if (present.contains(r.name())) {
                    ok.add(r.name());
                }
            }
            out.valid.put(d, ok);
            for (String n : e.getValue()) {
                if (ok.contains(n)) {
                    continue;
                }
                Part p = part(n);
                Part partial = maximal.stream().filter(p::overlapsWithoutNesting).findFirst().orElse(null);
                Part big = maximal.stream().filter(p::inside).findFirst().orElse(null);
                if (partial != null) {
                    out.problems.add(d + "/" + n + " overlaps the range of runs/" + partial.name() + "; " + HAND);
                } else if (big != null && !present.contains(big.name())) {
                    out.problems.add(d + "/" + n + " lies inside the range of runs/" + big.name() + " but "
                            + d + "/" + big.name() + " is missing; " + HAND);
                } else {
                    out.garbage.add(d + "/" + n);
                }
            }
        }
        return out;
    }
}
