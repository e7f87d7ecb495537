package org.reluspec.driver.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One declared option of a command: its name, the kind of value it takes, and its line of help.
 * A value is checked when the command line is parsed, so a bad one is refused before the command
 * does anything.
 *
 * @param metavar the value's placeholder in the usage ({@code DIR}, {@code N}); empty for a flag
 * @param min     the smallest value an integer or number option accepts
 * @param choices the words a choice (or a comma-separated list of choices) accepts
 * @param repeatable whether every value given is kept (otherwise the last one wins)
 */
public record Option(String name, Kind kind, String metavar, double min, List<String> choices, boolean repeatable,
                     String help) {
    /** What an option takes. */
    public enum Kind {
        /** no value: present or not */
        FLAG,
        /** any text */
        TEXT,
        /** a whole number >= min */
        INTEGER,
        /** a finite number >= min */
        NUMBER,
        /** one of the choices */
        CHOICE,
        /** comma-separated choices, each one of them */
        CHOICES
    }

    public static Option flag(String name, String help) {
        return new Option(name, Kind.FLAG, "", 0, List.of(), false, help);
    }

    public static Option text(String name, String metavar, String help) {
        return new Option(name, Kind.TEXT, metavar, 0, List.of(), false, help);
    }

    public static Option integer(String name, String metavar, int min, String help) {
        return new Option(name, Kind.INTEGER, metavar, min, List.of(), false, help);
    }

    public static Option number(String name, String metavar, double min, String help) {
        return new Option(name, Kind.NUMBER, metavar, min, List.of(), false, help);
    }

    public static Option choice(String name, List<String> choices, String help) {
        return new Option(name, Kind.CHOICE, String.join("|", choices), 0, choices, false, help);
    }

    public static Option choices(String name, List<String> choices, String help) {
        return new Option(name, Kind.CHOICES, String.join(",", choices), 0, choices, false, help);
    }

    /** The same option, keeping every value given (--conf k=v --conf k2=v2). */
    public Option repeated() {
        return new Option(name, kind, metavar, min, choices, true, help);
    }

    boolean takesValue() {
        return kind != Kind.FLAG;
    }

    /** {@code --name METAVAR}, as the usage shows it. */
    String form() {
        return metavar.isEmpty() ? name : name + " " + metavar;
    }

    /** The value of {@code --name=value} as its kind: String, Integer, Double or List of String. */
    Object parse(String value) {
        return switch (kind) {
            case FLAG -> throw new UserError("option " + name + " takes no value (" + name + "=" + value + ")");
            case TEXT -> value;
            case INTEGER -> {
                try {
                    int i = Integer.parseInt(value.trim());
                    if (i >= min) {
                        yield i;
                    }
                } catch (NumberFormatException e) {
                    // refused below
                }
                throw refused(value, "an integer >= " + (int) min);
            }
            case NUMBER -> {
                try {
                    double d = Double.parseDouble(value.trim());
                    if (d >= min && !Double.isInfinite(d)) {
                        yield d;
                    }
                } catch (NumberFormatException e) {
                    // refused below
                }
                throw refused(value, "a number >= " + number(min));
            }
            case CHOICE -> {
                if (choices.contains(value)) {
                    yield value;
                }
                throw refused(value, either(choices));
            }
            case CHOICES -> {
                List<String> words = new ArrayList<>();
                for (String w : value.split(",", -1)) {
                    if (!choices.contains(w.trim())) {
                        throw refused(value, either(choices) + " (or several, comma-separated)");
                    }
                    words.add(w.trim());
                }
                yield List.copyOf(words);
            }
        };
    }

    private UserError refused(String value, String expected) {
        return new UserError("option " + name + "=" + value + ": expected " + expected);
    }

    /** "a, b or c". */
    static String either(List<String> words) {
        int n = words.size();
        return n == 1 ? words.get(0) : String.join(", ", words.subList(0, n - 1)) + " or " + words.get(n - 1);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
