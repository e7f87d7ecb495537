package org.reluspec.driver.complexity;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.reluspec.driver.plan.CostModel;
import org.reluspec.driver.progress.Format;
import org.reluspec.jobs.params.RunSpec;

/**
 * What a search will cost before it runs, from the cost model (the finishing phase included).
 * N* is not known in advance, so two figures: {@code expected}, a cell whose N* lies at the
 * geometric middle of [start, max] (the doublings up to it, then the bisection there), and
 * {@code worst}, every cell doubling up to max and bisecting there (outcome above_max or an N*
 * near max). Both count every seed's run of every probe.
 */
public record ComplexityPlan(int cells, int seeds, long expectedRuns, double expectedCoreSeconds, long worstRuns,
                             double worstCoreSeconds, double largestRunSeconds, String largestRun,
                             Map<Integer, double[]> byD) {

    public static ComplexityPlan of(ComplexitySpec spec) {
        double rate = CostModel.flopRate();
        int l = spec.stepsPerDoubling();
        int bisections = Integer.numberOfTrailingZeros(l);
        long expRuns = 0;
        double expSec = 0;
        long worstRuns = 0;
        double worstSec = 0;
        double largest = 0;
        String largestRun = "";
        Map<Integer, double[]> byD = new TreeMap<>();
        int seed = spec.seeds().get(0);
        int seeds = spec.seeds().size();
        for (Cell c : spec.cells()) {
            CellSearch s = new CellSearch(c, spec.start(), spec.max(), l);
            double guess = Math.sqrt((double) spec.start() * spec.max());
            double cellExp = 0;
            double cellWorst = 0;
            int probesExp = 0;
            int probesWorst = 0;
            int top = 0;
            for (int j = 0; s.n(j) <= spec.max(); j += l) {
                double sec = CostModel.flops(RunSpec.resolve(spec.runValues(c, s.n(j), seed))) / rate;
                cellWorst += sec;
                probesWorst++;
                if (s.n(j) <= guess) {
                    cellExp += sec;
                    probesExp++;
                    top = j;
                }
                if (sec > largest) {
                    largest = sec;
                    largestRun = c.label() + " N=" + s.n(j);
                }
            }
            double atTop = CostModel.flops(RunSpec.resolve(spec.runValues(c, s.n(top), seed))) / rate;
            int lastJ = probesWorst == 0 ? 0 : (probesWorst - 1) * l;
            double atMax = CostModel.flops(RunSpec.resolve(spec.runValues(c, s.n(lastJ), seed))) / rate;
            cellExp += bisections * atTop;
            probesExp += bisections;
            cellWorst += bisections * atMax;
            probesWorst += bisections;
            expRuns += (long) probesExp * seeds;
            expSec += cellExp * seeds;
            worstRuns += (long) probesWorst * seeds;
            worstSec += cellWorst * seeds;
            double[] acc = byD.computeIfAbsent(c.d(), k -> new double[4]);
            acc[0] += probesExp * seeds;
            acc[1] += cellExp * seeds;
            acc[2] += probesWorst * seeds;
            acc[3] += cellWorst * seeds;
        }
        return new ComplexityPlan(spec.cells().size(), seeds, expRuns, expSec, worstRuns, worstSec, largest,
                largestRun, byD);
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "plan: %d cells x %d seeds (cost model %.0f GFLOP/s per core, the "
                + "finishing phase included)%n", cells, seeds, CostModel.flopRate() / 1e9));
        b.append(String.format(Locale.ROOT, "%-10s %14s %16s %14s %16s%n", "", "expected runs", "core-hours",
                "worst runs", "core-hours"));
        for (Map.Entry<Integer, double[]> e : byD.entrySet()) {
            double[] a = e.getValue();
            b.append(String.format(Locale.ROOT, "%-10s %14.0f %16.2f %14.0f %16.2f%n", "d=" + e.getKey(), a[0],
                    a[1] / 3600, a[2], a[3] / 3600));
        }
        b.append(String.format(Locale.ROOT, "%-10s %14d %16.2f %14d %16.2f%n", "total", expectedRuns,
                expectedCoreSeconds / 3600, worstRuns, worstCoreSeconds / 3600));
        b.append(String.format(Locale.ROOT, "expected: N* at the geometric middle of [start, max]; worst: every cell "
                + "up to max. Largest run: %s, %s of one core.%n", largestRun, Format.duration(largestRunSeconds)));
        return b.toString();
    }
}
