package org.reluspec.driver.cli;

import java.util.List;
import java.util.Map;

/**
 * A command's words as {@link CommandSyntax#parse} read them: the path, the overrides and the
 * options' checked values. Asking for an option the command does not declare is a programming
 * error.
 *
 * @param path the one path operand (null: none)
 * @param help whether -h or --help was given
 */
public record CommandLine(CommandSyntax syntax, String path, List<String> overrides,
                          Map<String, List<Object>> values, boolean help) {
    public CommandLine {
        overrides = List.copyOf(overrides);
        values = Map.copyOf(values);
    }

    /** Whether the option was given (a flag: whether it is set). */
    public boolean given(String name) {
        syntax.option(name);
        return values.containsKey(name);
    }

    public String text(String name, String fallback) {
        return last(name, String.class, fallback);
    }

    public int integer(String name, int fallback) {
        return last(name, Integer.class, fallback);
    }

    public double number(String name, double fallback) {
        return last(name, Double.class, fallback);
    }

    @SuppressWarnings("unchecked")
    public List<String> words(String name, List<String> fallback) {
        return last(name, List.class, fallback);
    }

    /** Every value of a repeatable text option, in order. */
    public List<String> all(String name) {
        syntax.option(name);
        return values.getOrDefault(name, List.of()).stream().map(String.class::cast).toList();
    }

    private <T> T last(String name, Class<T> type, T fallback) {
        syntax.option(name);
        List<Object> v = values.get(name);
        return v == null ? fallback : type.cast(v.get(v.size() - 1));
    }
}
