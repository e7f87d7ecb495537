package org.reluspec.driver.complexity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.reluspec.jobs.rng.Rng;
import org.reluspec.jobs.rng.Role;

/**
 * Least squares of log N* on log K, log d and log(1/eps) with an intercept, and percentile
 * bootstrap intervals over cells (resampled with replacement from a fixed seed, so the same
 * cells always give the same intervals). A term that does not vary over the cells cannot be
 * estimated: it is left out of the fit and reported as null.
 */
public record Fit(List<String> terms, double[] estimate, double[] ciLow, double[] ciHigh, double level,
                  int cells, int bootstrap, long seed, double r2) {
    public static final List<String> TERMS = List.of("intercept", "log_K", "log_d", "log_inv_eps");
    /** Exponents of the bound O(K^(5/2) d^3 / eps). */
    public static final double[] THEORY = {Double.NaN, 2.5, 3, 1};

    /** Fits log N* = b0 + bK log K + bd log d + be log(1/eps). Null if there are too few cells. */
    public static Fit of(double[] nStar, double[] k, double[] d, double[] eps, int bootstrap, long seed) {
        int n = nStar.length;
        double[][] x = new double[n][4];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {1, Math.log(k[i]), Math.log(d[i]), Math.log(1 / eps[i])};
            y[i] = Math.log(nStar[i]);
        }
        boolean[] used = new boolean[4];
        used[0] = true;
        for (int t = 1; t < 4; t++) {
            for (int i = 1; i < n; i++) {
                used[t] |= Math.abs(x[i][t] - x[0][t]) > 1e-12;
            }
        }
        int p = 0;
        for (boolean u : used) {
            p += u ? 1 : 0;
        }
        if (n < p + 1) {
            return null;
        }
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        double[] beta = solve(x, y, used, all);
        if (beta == null) {
            return null;
        }
        double mean = Arrays.stream(y).average().orElse(0);
        double ssTot = 0;
        double ssRes = 0;
        for (int i = 0; i < n; i++) {
            double pred = 0;
            for (int t = 0; t < 4; t++) {
                pred += used[t] ? beta[t] * x[i][t] : 0;
            }
            ssRes += (y[i] - pred) * (y[i] - pred);
            ssTot += (y[i] - mean) * (y[i] - mean);
        }
        Rng rng = Rng.forRole(seed, Role.AUX);
        List<double[]> draws = new ArrayList<>();
        int[] idx = new int[n];
        for (int b = 0; b < bootstrap; b++) {
            for (int i = 0; i < n; i++) {
                idx[i] = rng.nextInt(n);
            }
            double[] bb = solve(x, y, used, idx);
            if (bb != null) {
                draws.add(bb);
            }
        }
        double level = 0.95;
        double[] est = new double[4];
        double[] lo = new double[4];
        double[] hi = new double[4];
        for (int t = 0; t < 4; t++) {
            if (!used[t]) {
                est[t] = lo[t] = hi[t] = Double.NaN;
                continue;
            }
            est[t] = beta[t];
            double[] v = new double[draws.size()];
            for (int b = 0; b < v.length; b++) {
                v[b] = draws.get(b)[t];
            }
            Arrays.sort(v);
            lo[t] = quantile(v, (1 - level) / 2);
            hi[t] = quantile(v, 1 - (1 - level) / 2);
        }
        return new Fit(TERMS, est, lo, hi, level, n, draws.size(), seed, ssTot > 0 ? 1 - ssRes / ssTot : Double.NaN);
    }

    /** Least squares on the rows {@code rows} (with repeats) and the used columns; null if singular. */
    static double[] solve(double[][] x, double[] y, boolean[] used, int[] rows) {
        int[] cols = java.util.stream.IntStream.range(0, 4).filter(t -> used[t]).toArray();
        int p = cols.length;
        double[][] a = new double[p][p + 1];
        for (int r : rows) {
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    a[i][j] += x[r][cols[i]] * x[r][cols[j]];
                }
                a[i][p] += x[r][cols[i]] * y[r];
            }
        }
        double scale = 0;
        for (int i = 0; i < p; i++) {
            scale = Math.max(scale, Math.abs(a[i][i]));
        }
        for (int c = 0; c < p; c++) {
            int piv = c;
            for (int r = c + 1; r < p; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            if (Math.abs(a[piv][c]) <= 1e-10 * Math.max(scale, 1e-300)) {
                return null;
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            for (int r = 0; r < p; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k <= p; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] beta = new double[4];
        for (int i = 0; i < p; i++) {
            beta[cols[i]] = a[i][p] / a[i][i];
        }
        return beta;
    }

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    /** The table printed at the end of a search. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "fit of log N* on %d cells: R^2 %.3f, %d bootstrap resamples (seed %d), "
                + "%.0f%% intervals%n", cells, r2, bootstrap, seed, level * 100));
        b.append(String.format(Locale.ROOT, "  %-12s %9s  %-22s %7s%n", "term", "estimate", "interval", "theory"));
        for (int t = 0; t < terms.size(); t++) {
            String th = Double.isNaN(THEORY[t]) ? "" : Cell.num(THEORY[t]);
            if (Double.isNaN(estimate[t])) {
                b.append(String.format(Locale.ROOT, "  %-12s %9s  %-22s %7s%n", terms.get(t), "-",
                        "(does not vary)", th));
            } else {
                b.append(String.format(Locale.ROOT, "  %-12s %9.3f  [%8.3f, %8.3f]    %7s%n", terms.get(t),
                        estimate[t], ciLow[t], ciHigh[t], th));
            }
        }
        return b.toString();
    }
}
