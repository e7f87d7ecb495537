package org.reluspec.driver.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reluspec.driver.UserError;

/**
 * Command-line words of one subcommand: positional words, {@code key=value} overrides, and
 * options ({@code --out DIR} or {@code --out=DIR}; repeatable ones collect every value).
 */
public final class Args {
    final List<String> positional = new ArrayList<>();
    final List<String> overrides = new ArrayList<>();
    final Map<String, List<String>> options = new LinkedHashMap<>();

    /** {@code valued}: options that take a value; {@code flags}: options that do not. */
    public static Args parse(String command, String[] args, Set<String> valued, Set<String> flags) {
        Args a = new Args();
        for (int i = 0; i < args.length; i++) {
            String w = args[i];
            if (w.startsWith("--")) {
                String name = w;
                String value = null;
                int eq = w.indexOf('=');
                if (eq > 0) {
                    name = w.substring(0, eq);
                    value = w.substring(eq + 1);
                }
                if (flags.contains(name) && value == null) {
                    a.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UserError(command + ": option " + name + " needs a value");
                        }
                        value = args[++i];
                    }
                    a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else {
                    List<String> all = new ArrayList<>(valued);
                    all.addAll(flags);
                    throw new UserError(command + ": unknown option " + name + "; options: " + String.join(" ", all.stream().sorted().toList()));
                }
            } else if (w.contains("=")) {
                a.overrides.add(w);
            } else {
                a.positional.add(w);
            }
        }
        return a;
    }

    public String one(String name, String fallback) {
        List<String> v = options.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    public List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public int intOption(String name, int fallback, int min) {
        String v = one(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new UserError("option " + name + "=" + v + ": expected an integer >= " + min);
        }
    }

    public double doubleOption(String name, double fallback, double min) {
        String v = one(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!(d >= min) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UserError("option " + name + "=" + v + ": expected a number >= " + min);
        }
    }

    /** The one sweep file, or an error naming the usage. */
    public String sweepFile(String usage) {
        if (positional.isEmpty()) {
            throw new UserError("missing the sweep file\n" + usage);
        }
        if (positional.size() > 1) {
            throw new UserError("unexpected argument '" + positional.get(1)
                    + "' (one sweep file, then key=value overrides)\n" + usage);
        }
        return positional.get(0);
    }

    public List<String> overrides() {
        return overrides;
    }

    public List<String> positional() {
        return positional;
    }
}
