package org.reluspec.driver.sweep;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value syntax shared by sweep files and the command line: {@code v1,v2,v3} (commas inside
 * brackets or braces do not split), {@code range(a,b)} and {@code range(a,b,step)} with Python's
 * semantics (b excluded), and YAML maps for learning-rate schedules.
 */
public final class Values {
    /** Largest axis a range may produce. */
    static final long MAX_AXIS = 10_000_000L;
    private static final Pattern RANGE = Pattern.compile(
            "range\\(\\s*([^,()]+?)\\s*,\\s*([^,()]+?)\\s*(?:,\\s*([^,()]+?)\\s*)?\\)");

    private Values() {
    }

    /** Splits at commas that are not inside [], {} or (). */
    public static List<String> splitTopLevel(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '[' || ch == '{' || ch == '(') {
                depth++;
            } else if (ch == ']' || ch == '}' || ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                out.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(text.substring(start).trim());
        return out;
    }

    public static boolean isRange(String text) {
        return text.trim().startsWith("range(");
    }

    /**
     * Expands {@code range(a,b[,step])}. Integers when a, b and step are integers, otherwise
     * decimals computed exactly (range(0,2.5,0.5) gives 0, 0.5, 1, 1.5, 2).
     */
    public static List<Object> range(String text) {
        Matcher m = RANGE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not range(a,b) or range(a,b,step)");
        }
        BigDecimal a = number(m.group(1), text);
        BigDecimal b = number(m.group(2), text);
        if (m.group(3) == null && !(isInt(a) && isInt(b))) {
            throw new IllegalArgumentException("'" + text.trim() + "' has fractional bounds and no step (the step"
                    + " would be 1); give the step, e.g. range(" + m.group(1) + "," + m.group(2) + ",0.1), or list the values");
        }
        BigDecimal step = m.group(3) == null ? BigDecimal.ONE : number(m.group(3), text);
        if (step.signum() == 0) {
            throw new IllegalArgumentException("'" + text.trim() + "' has step 0");
        }
        boolean ints = isInt(a) && isInt(b) && isInt(step);
        List<Object> out = new ArrayList<>();
        for (BigDecimal v = a; step.signum() > 0 ? v.compareTo(b) < 0 : v.compareTo(b) > 0; v = v.add(step)) {
            if (out.size() >= MAX_AXIS) {
                throw new IllegalArgumentException("'" + text.trim() + "' has more than " + MAX_AXIS + " values");
            }
            out.add(ints ? (Object) Long.valueOf(v.longValueExact()) : (Object) v.doubleValue());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("'" + text.trim() + "' is empty (the end is excluded, as in Python)");
        }
        if (ints && out.stream().allMatch(v -> (Long) v == ((Long) v).intValue())) {
            out.replaceAll(v -> ((Long) v).intValue());
        }
        return out;
    }

    private static BigDecimal number(String s, String text) {
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.trim() + "': '" + s.trim() + "' is not a number");
        }
    }

    private static boolean isInt(BigDecimal v) {
        return v.stripTrailingZeros().scale() <= 0;
    }

    /** A YAML map {0: 0.2, 20: 0.1} as the schedule text {0:0.2,20:0.1}; anything else unchanged. */
    public static Object yamlScalar(Object raw) {
        if (raw instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.append(b.length() > 1 ? "," : "").append(e.getKey()).append(':').append(e.getValue());
            }
            return b.append('}').toString();
        }
        return raw;
    }
}
