package org.reluspec.driver.progress;

import java.util.Locale;

/** Human-readable numbers for the terminal. */
public final class Format {
    private Format() {
    }

    /** 42 s, 3 min 5 s, 2 h 10 min, 3.2 days. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        if (s < 86400 * 2) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return String.format(Locale.ROOT, "%.1f days", s / 86400.0);
    }

    /** 1.23e12 FLOPs as 1.23 TFLOP. */
    public static String flops(double f) {
        String[] units = {"", "k", "M", "G", "T", "P", "E"};
        int u = 0;
        while (f >= 1000 && u < units.length - 1) {
            f /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.3g %sFLOP", f, units[u]);
    }
}
