package org.reluspec.jobs.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a parameter's value is written, parsed and stored. Values are immutable Java objects. */
public enum ParamType {
    INT("an integer"),
    DOUBLE("a number"),
    BOOL("true or false"),
    CHOICE("one of the listed words"),
    INT_LIST("a list of integers such as [50,75,100,125]"),
    LR_SCHEDULE("a learning rate (0.01) or an epoch-indexed schedule such as {0:0.2,20:0.1}");

    private final String expected;

    ParamType(String expected) {
        this.expected = expected;
    }

    public String expected() {
        return expected;
    }

    /**
     * Parses a value given as text (command line) or as a YAML scalar / list. Throws
     * {@link SpecException} naming the key when the value is not of this type.
     */
    public Object parse(String key, Object raw) {
        if (raw == null) {
            throw new SpecException(key, "null", expected);
        }
        try {
            return switch (this) {
                case INT -> parseInt(raw);
                case DOUBLE -> parseDouble(raw);
                case BOOL -> parseBool(raw);
                case CHOICE -> raw.toString().trim();
                case INT_LIST -> parseIntList(raw);
                case LR_SCHEDULE -> LrSchedule.parse(raw.toString()).canonical();
            };
        } catch (LrSchedule.Invalid e) {
            throw new SpecException(key, display(raw), expected + " (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new SpecException(key, display(raw), expected);
        }
    }

    /** The canonical text of a parsed value: the same value always gives the same text. */
    public String canonical(Object value) {
        return switch (this) {
            case DOUBLE -> Double.toString((Double) value);
            case INT_LIST -> value.toString().replace(" ", "");
            default -> value.toString();
        };
    }

    private static String display(Object raw) {
        return raw instanceof String s ? "'" + s + "'" : String.valueOf(raw);
    }

    private static Integer parseInt(Object raw) {
        if (raw instanceof Integer i) {
            return i;
        }
        if (raw instanceof Long l && l == l.intValue()) {
            return l.intValue();
        }
        if (raw instanceof Number) {
            throw new IllegalArgumentException();
        }
        return Integer.valueOf(raw.toString().trim());
    }

    private static Double parseDouble(Object raw) {
        double v = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException();
        }
        return v + 0.0; // -0.0 becomes 0.0: the same computation gets the same run_id
    }

    private static Boolean parseBool(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        String s = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException();
    }

    private static List<Integer> parseIntList(Object raw) {
        List<Integer> out = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                out.add(parseInt(o));
            }
        } else {
            String s = raw.toString().trim();
            if (!s.startsWith("[") || !s.endsWith("]")) {
                throw new IllegalArgumentException();
            }
            String body = s.substring(1, s.length() - 1).trim();
            if (!body.isEmpty()) {
                for (String part : body.split("[,;]")) {
                    out.add(parseInt(part.trim()));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException();
        }
        return List.copyOf(out);
    }
}
