package org.reluspec.driver.complexity;

import java.util.ArrayList;
import java.util.List;

/**
 * The search for one cell's N*, on the lattice N_j = snap(start * 2^(j/L)) (L lattice steps per
 * doubling, 2^(1/L) <= 1 + resolution): probe j = 0; double (j += L) until a probe succeeds, or
 * halve (j -= L) while it does; then bisect the lattice interval (lo, hi) until it is one step
 * wide. N* = N_hi: the smallest probed N whose success rate reaches 1 - delta, with N_lo below it
 * falling short. The state is a pure function of the probes' outcomes, so it is re-derived from
 * the committed runs whenever the search (re)starts.
 */
public final class CellSearch {
    public enum Outcome { OPEN, FOUND, AT_MIN, ABOVE_MAX }

    /** One probed N: how many of the seeds succeeded, and whether that reaches 1 - delta. */
    public record Probe(int j, int n, int successes, int seeds, boolean reached) {
        public double rate() {
            return (double) successes / seeds;
        }
    }

    private final Cell cell;
    private final int start;
    private final int max;
    private final int stepsPerDoubling;
    private Integer lo;
    private Integer hi;
    private Outcome outcome = Outcome.OPEN;
    private final List<Probe> probes = new ArrayList<>();

    public CellSearch(Cell cell, int start, int max, int stepsPerDoubling) {
        this.cell = cell;
        this.start = start;
        this.max = max;
        this.stepsPerDoubling = stepsPerDoubling;
    }

    public Cell cell() {
        return cell;
    }

    /** Training-set size of lattice point j. */
    public int n(int j) {
        return cell.snap(start * Math.pow(2, (double) j / stepsPerDoubling));
    }

    /** The lattice point to probe next, or null when the search of this cell is over. */
    public Integer next() {
        int l = stepsPerDoubling;
        while (outcome == Outcome.OPEN) {
            if (lo == null && hi == null) {
                return 0;
            }
            if (hi == null) {
                int j = lo + l;
                if (n(j) > max) {
                    outcome = Outcome.ABOVE_MAX;
                    return null;
                }
                return j;
            }
            if (lo == null) {
                int j = hi - l;
                while (j < hi && n(j) < cell.granularity()) {
                    j++;
                }
                if (n(j) >= n(hi)) {
                    outcome = Outcome.AT_MIN;
                    return null;
                }
                return j;
            }
            if (hi - lo <= 1) {
                outcome = Outcome.FOUND;
                return null;
            }
            int j = Math.floorDiv(lo + hi, 2);
            if (n(j) == n(lo)) {
                lo = j; // the same N as a probe that fell short: the same runs, no new probe
            } else if (n(j) == n(hi)) {
                hi = j;
            } else {
                return j;
            }
        }
        return null;
    }

    /** The outcome of probing lattice point {@code j} (the one {@link #next} returned). */
    public void record(int j, int successes, int seeds, boolean reached) {
        probes.add(new Probe(j, n(j), successes, seeds, reached));
        if (reached) {
            hi = j;
        } else {
            lo = j;
        }
    }

    public Outcome outcome() {
        return outcome;
    }

    public List<Probe> probes() {
        return probes;
    }

    /** N* (found or at the smallest N), else null. */
    public Integer nStar() {
        return outcome == Outcome.FOUND || outcome == Outcome.AT_MIN ? n(hi) : null;
    }

    public Integer bracketLow() {
        return lo == null ? null : n(lo);
    }

    public Integer bracketHigh() {
        return hi == null ? null : n(hi);
    }

    /**
     * Distinct N of the lattice from the smallest set (one granule) up to max: the probes of a
     * full scan at the same resolution that does not know where N* lies.
     */
    public int fullRangePoints() {
        int l = stepsPerDoubling;
        int a = (int) Math.floor(l * Math.log((double) cell.granularity() / start) / Math.log(2)) - 1;
        int b = (int) Math.ceil(l * Math.log((double) max / start) / Math.log(2)) + 1;
        java.util.Set<Integer> ns = new java.util.HashSet<>();
        for (int j = a; j <= b; j++) {
            if (n(j) <= max) {
                ns.add(n(j));
            }
        }
        return ns.size();
    }

    /** Distinct N of the lattice between the smallest and largest probed point: a full scan's probes. */
    public int fullGridPoints() {
        if (probes.isEmpty()) {
            return 0;
        }
        int a = probes.stream().mapToInt(Probe::j).min().getAsInt();
        int b = probes.stream().mapToInt(Probe::j).max().getAsInt();
        int count = 0;
        int prev = -1;
        for (int j = a; j <= b; j++) {
            if (n(j) != prev) {
                count++;
                prev = n(j);
            }
        }
        return count;
    }
}
