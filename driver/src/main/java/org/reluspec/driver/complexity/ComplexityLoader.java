package org.reluspec.driver.complexity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.reluspec.driver.sweep.RunList;
import org.reluspec.driver.sweep.SweepError;
import org.reluspec.driver.sweep.SweepLoader;
import org.reluspec.driver.sweep.Values;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.Params;
import org.reluspec.jobs.params.SpecException;

/**
 * Reads a sample-complexity file and its overrides into a validated {@link ComplexitySpec},
 * with the sweep files' rules: unknown keys (with the nearest name), types and ranges are
 * errors naming the file or command-line word, the key and what is allowed, and every cell's
 * run is resolved before anything runs or is written.
 *
 * <pre>
 * name: sample-complexity
 * cells:    {d: [8, 16], m: [2, 4], multi: [2], eps: [0.2, 0.1], data: [theory]}   # axes
 * fixed:    {c: 10, lr: 0.01, ...}          # any two_layer parameter the search does not set
 * success:  {criterion: angle, delta: 0.25} # angle | corr under eps, with probability 1 - delta
 * seeds: 4                                  # 1..4, or a list, or range(a,b)
 * budget:   {num_epoch: 20, num_iter_per_epoch: 500, grad_target: theory, grad_constant: 1.0}
 * search:   {start: 24, resolution: 0.1, max: 100000}
 * </pre>
 *
 * Overrides: {@code section.key=value} or the bare key when it is unambiguous
 * ({@code d=8,16}, {@code eps=range(0.05,0.3,0.05)}, {@code seeds=8}, {@code lr=0.02}).
 */
public final class ComplexityLoader {
    static final List<String> TOP = List.of("name", "description", "cells", "fixed", "success", "seeds", "budget",
            "search", "kind", "schema_version");
    /** The {@code kind:} of a resolved search (the results folder's spec file). */
    public static final String KIND = "sample_complexity";
    static final Map<String, List<String>> SECTIONS = new LinkedHashMap<>();

    static {
        SECTIONS.put("cells", List.of("d", "m", "multi", "eps", "data"));
        SECTIONS.put("success", List.of("criterion", "delta"));
        SECTIONS.put("budget", List.of("num_epoch", "num_iter_per_epoch", "grad_target", "grad_constant"));
        SECTIONS.put("search", List.of("start", "resolution", "max"));
    }

    private ComplexityLoader() {
    }

    public static ComplexitySpec load(String file, List<String> overrides) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new SweepError(file, Files.exists(path) ? "not a file"
                    : "file not found (working directory " + Path.of("").toAbsolutePath() + ")");
        }
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8), file, overrides);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SweepError(file, "cannot read the file: " + e.getMessage());
        }
    }

    /** Where each value came from (the file's key or the command-line word), for messages. */
    private static final class Raw {
        final Map<String, Object> top = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        final Map<String, String> where = new LinkedHashMap<>();
    }

    public static ComplexitySpec parse(String text, String source, List<String> overrides) {
        Object doc = SweepLoader.loadYaml(text, source);
        if (!(doc instanceof Map<?, ?> top)) {
            throw new SweepError(source, "a sample-complexity file is a YAML mapping with keys "
                    + String.join(", ", TOP) + (doc == null ? " (the file is empty)" : ""));
        }
        Raw raw = new Raw();
        for (String s : List.of("cells", "fixed", "success", "budget", "search")) {
            raw.sections.put(s, new LinkedHashMap<>());
        }
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!TOP.contains(key)) {
                String hint = sectionOf(key).map(s -> " (it goes under " + s + ":)")
                        .or(() -> SweepLoader.nearest(key, Set.copyOf(TOP)).map(n -> " (did you mean '" + n + "'?)"))
                        .orElse("");
                throw new SweepError(source, "unknown key '" + key + "'" + hint + "; allowed: " + String.join(", ", TOP));
            }
            if (raw.sections.containsKey(key)) {
                if (e.getValue() == null) {
                    continue;
                }
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw new SweepError(source, key + ": expected a mapping of key: value, found '" + e.getValue() + "'");
                }
                for (Map.Entry<?, ?> f : m.entrySet()) {
                    String k = String.valueOf(f.getKey());
                    String at = source + ": " + key + "." + k;
                    checkSectionKey(key, k, at);
                    raw.sections.get(key).put(k, f.getValue());
                    raw.where.put(key + "." + k, at);
                }
            } else {
                raw.top.put(key, e.getValue());
                raw.where.put(key, source + ": " + key);
            }
        }
        for (String o : overrides) {
            applyOverride(raw, o);
        }
        return build(raw, source);
    }

    private static java.util.Optional<String> sectionOf(String key) {
        for (Map.Entry<String, List<String>> s : SECTIONS.entrySet()) {
            if (s.getValue().contains(key)) {
                return java.util.Optional.of(s.getKey());
            }
        }
        return Params.exists(key) ? java.util.Optional.of("fixed") : java.util.Optional.empty();
    }

    private static void checkSectionKey(String section, String key, String at) {
        if (section.equals("fixed")) {
            if (SECTIONS.get("cells").contains(key) || ComplexitySpec.SET_BY_SEARCH.containsKey(key)) {
                throw new SweepError(at, "'" + key + "' is set by the search (" + ComplexitySpec.SET_BY_SEARCH
                        .getOrDefault(key, "cells:") + "), not under fixed:");
            }
            Param p;
            try {
                p = Params.get(key);
            } catch (SpecException e) {
                throw new SweepError(at, e.getMessage());
            }
            if (!p.appliesTo(Experiment.TWO_LAYER)) {
                throw new SweepError(at, "parameter '" + key + "' does not apply to the two_layer runs of the search");
            }
            return;
        }
        List<String> allowed = SECTIONS.get(section);
        if (!allowed.contains(key)) {
            String hint = SweepLoader.nearest(key, Set.copyOf(allowed)).map(n -> " (did you mean '" + n + "'?)")
                    .orElse(Params.exists(key) && !section.equals("cells") ? " (training knobs go under fixed:)" : "");
            throw new SweepError(at, "unknown key '" + key + "' in " + section + ":" + hint + "; allowed: "
                    + String.join(", ", allowed));
        }
    }

    /** {@code section.key=value}, {@code name=...}, {@code seeds=...} or a bare unambiguous key. */
    static void applyOverride(Raw raw, String arg) {
        String at = "command line '" + arg + "'";
        String[] kv = SweepLoader.splitOverride(arg);
        String key = kv[0];
        String value = kv[1];
        String section;
        String k;
        int dot = key.indexOf('.');
        if (dot > 0) {
            section = key.substring(0, dot);
            k = key.substring(dot + 1);
            if (!raw.sections.containsKey(section)) {
                throw new SweepError(at, "unknown section '" + section + "'; sections: cells, fixed, success, budget, search");
            }
        } else if (TOP.contains(key) && !raw.sections.containsKey(key)) {
            raw.top.put(key, value);
            raw.where.put(key, at);
            return;
        } else {
            section = sectionOf(key).orElse(null);
            k = key;
            if (section == null) {
                Set<String> all = new TreeSet<>(List.of("name", "seeds"));
                SECTIONS.values().forEach(all::addAll);
                Set<String> near = new TreeSet<>(all);
                Params.all().stream().filter(p -> p.appliesTo(Experiment.TWO_LAYER)).forEach(p -> near.add(p.name()));
                String hint = SweepLoader.nearest(key, near).map(n -> " (did you mean '" + n + "'?)").orElse("");
                throw new SweepError(at, "unknown key '" + key + "'" + hint + "; keys: " + String.join(", ", all)
                        + ", any two_layer parameter (training knobs), or section.key");
            }
        }
        checkSectionKey(section, k, at);
        raw.sections.get(section).put(k, value);
        raw.where.put(section + "." + k, at);
    }

    private static ComplexitySpec build(Raw raw, String source) {
        Object kind = raw.top.get("kind");
        if (kind != null && !KIND.equals(String.valueOf(kind).trim())) {
            throw new SweepError(raw.where.get("kind"), "kind='" + kind + "': a sample-complexity file has kind: " + KIND
                    + " or none");
        }
        Object name = raw.top.get("name");
        if (name == null || !name.toString().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new SweepError(raw.where.getOrDefault("name", source), "name" + (name == null ? ": missing"
                    : "='" + name + "': expected letters, digits, '.', '_' or '-'") + " (it names the results folder)");
        }
        Map<String, Object> cells = raw.sections.get("cells");
        for (String axis : List.of("d", "m", "eps")) {
            if (!cells.containsKey(axis)) {
                throw new SweepError(source, "cells." + axis + ": missing (the cells are every combination of "
                        + "d, m, multi, eps and data)");
            }
        }
        List<Integer> d = intAxis(raw, "d", null);
        List<Integer> m = intAxis(raw, "m", null);
        List<Integer> multi = intAxis(raw, "multi", 10);
        String criterion = choice(raw, "success", "criterion", ComplexitySpec.ANGLE,
                List.of(ComplexitySpec.ANGLE, ComplexitySpec.CORR));
        List<Object> epsRaw = axis(raw, "eps", 0.1);
        List<Double> eps = new ArrayList<>();
        for (Object v : epsRaw) {
            double e = number(v, raw.where.get("cells.eps"), "eps", "a number > 0");
            double top = criterion.equals(ComplexitySpec.ANGLE) ? Math.PI : 2;
            if (!(e > 0 && e < top)) {
                throw new SweepError(raw.where.get("cells.eps"), "eps=" + Cell.num(e) + ": expected a number in (0, "
                        + (criterion.equals(ComplexitySpec.ANGLE) ? "pi) (an angle in radians)" : "2) (1 - corr)"));
            }
            eps.add(e);
        }
        List<String> data = new ArrayList<>();
        for (Object v : axis(raw, "data", Cell.THEORY)) {
            String s = String.valueOf(v).trim();
            if (!s.equals(Cell.THEORY) && !s.equals(Cell.GAUSSIAN)) {
                throw new SweepError(raw.where.get("cells.data"), "data='" + s + "': expected theory "
                        + "(the theory-suggested augmented set) or gaussian");
            }
            data.add(s);
        }
        distinct(raw, "eps", eps);
        distinct(raw, "data", data);

        Map<String, Object> fixed = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.sections.get("fixed").entrySet()) {
            String at = raw.where.get("fixed." + e.getKey());
            Param p = Params.get(e.getKey());
            Object v = Values.yamlScalar(e.getValue());
            if (v instanceof List<?> || (v instanceof String s && (Values.isRange(s) || Values.splitTopLevel(s).size() > 1))) {
                throw new SweepError(at, p.name() + "=" + v + ": one value per training knob (axes are d, m, multi,"
                        + " eps and data, under cells:)");
            }
            try {
                fixed.put(p.name(), p.parse(v instanceof Long l && p.type() == org.reluspec.jobs.params.ParamType.DOUBLE
                        ? (Object) l.doubleValue() : v));
            } catch (SpecException ex) {
                throw new SweepError(at, ex.getMessage());
            }
        }
        double delta = num(raw, "success", "delta", 0.0, 0, 1, false, "a number in [0, 1)");
        List<Integer> seeds = seeds(raw);
        int numEpoch = integer(raw, "budget", "num_epoch", 100, 1);
        int iters = integer(raw, "budget", "num_iter_per_epoch", 100, 1);
        Object target = raw.sections.get("budget").get("grad_target");
        Double gradConstant = null;
        double gradTarget = 0;
        if (target != null && String.valueOf(target).trim().equals("theory")) {
            gradConstant = num(raw, "budget", "grad_constant", 1.0, 0, Double.MAX_VALUE, true, "a number > 0");
        } else {
            // A constant from the file is moot once the command line fixes the target; one given
            // with a fixed target on the command line is a mistake.
            String constantAt = raw.where.getOrDefault("budget.grad_constant", "");
            String targetAt = raw.where.getOrDefault("budget.grad_target", "");
            if (raw.sections.get("budget").containsKey("grad_constant")
                    && !(targetAt.startsWith("command line") && !constantAt.startsWith("command line"))) {
                throw new SweepError(raw.where.get("budget.grad_constant"), "grad_constant applies only with "
                        + "grad_target: theory (the target C * eps / (K^1.5 sqrt(d)))");
            }
            gradTarget = num(raw, "budget", "grad_target", 0.0, 0, Double.MAX_VALUE, false,
                    "a number >= 0 (0: the whole budget) or theory");
        }
        int start = integer(raw, "search", "start", 32, 1);
        double resolution = num(raw, "search", "resolution", 0.1, 0.001, 1, false, "a number in [0.001, 1]");
        int max = integer(raw, "search", "max", 1_000_000, 1);
        if (max < start) {
            throw new SweepError(raw.where.getOrDefault("search.max", source), "max=" + max
                    + ": expected at least start (" + start + ")");
        }
        ComplexitySpec spec = new ComplexitySpec(name.toString(), source, d, m, multi, eps, data, fixed, criterion,
                delta, seeds, numEpoch, iters, gradTarget, gradConstant, start, resolution, max);
        if (spec.successesNeeded() < 1) {
            throw new SweepError(raw.where.getOrDefault("success.delta", source), "delta=" + Cell.num(delta)
                    + " with " + seeds.size() + " seeds needs no success at all; lower delta or add seeds");
        }
        // Every cell's run must resolve (at the smallest and largest N it can probe).
        RunList check = new RunList(spec.name(), source);
        for (Cell c : spec.cells()) {
            check.add(spec.runValues(c, c.snap(start), seeds.get(0)), "cell " + c.label());
            check.add(spec.runValues(c, c.snap(max), seeds.get(0)), "cell " + c.label() + " N=" + max);
        }
        for (long i = 0; i < check.size(); i++) {
            check.spec(i);
        }
        return spec;
    }

    private static List<Object> axis(Raw raw, String key, Object fallback) {
        Object v = raw.sections.get("cells").get(key);
        String at = raw.where.get("cells." + key);
        if (v == null) {
            return List.of(fallback);
        }
        List<Object> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            out.addAll(list);
        } else if (v instanceof String s) {
            List<String> items = Values.splitTopLevel(s);
            if (items.size() == 1 && Values.isRange(s)) {
                try {
                    out.addAll(Values.range(s));
                } catch (IllegalArgumentException e) {
                    throw new SweepError(at, key + ": " + e.getMessage());
                }
            } else {
                out.addAll(items);
            }
        } else {
            out.add(v);
        }
        if (out.isEmpty()) {
            throw new SweepError(at, key + ": empty axis (at least one value)");
        }
        return out;
    }

    private static List<Integer> intAxis(Raw raw, String key, Integer fallback) {
        Param p = Params.get(key);
        List<Integer> out = new ArrayList<>();
        for (Object v : axis(raw, key, fallback)) {
            try {
                out.add((Integer) p.parse(v));
            } catch (SpecException e) {
                throw new SweepError(raw.where.get("cells." + key), e.getMessage());
            }
        }
        distinct(raw, key, out);
        return out;
    }

    private static void distinct(Raw raw, String key, List<?> values) {
        if (new HashSet<>(values).size() != values.size()) {
            throw new SweepError(raw.where.get("cells." + key), key + ": a value is listed twice in " + values);
        }
    }

    private static List<Integer> seeds(Raw raw) {
        Object v = raw.top.get("seeds");
        String at = raw.where.get("seeds");
        if (v == null) {
            return List.of(1, 2, 3, 4);
        }
        List<Object> items = new ArrayList<>();
        if (v instanceof List<?> l) {
            items.addAll(l);
        } else {
            String s = String.valueOf(v).trim();
            try {
                if (Values.isRange(s)) {
                    items.addAll(Values.range(s));
                } else if (Values.splitTopLevel(s).size() > 1) {
                    items.addAll(Values.splitTopLevel(s));
                } else {
                    int n = Integer.parseInt(s);
                    if (n < 1) {
                        throw new SweepError(at, "seeds=" + s + ": expected a count >= 1 (seeds 1..count), a list or range(a,b)");
                    }
                    for (int i = 1; i <= n; i++) {
                        items.add(i);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new SweepError(at, "seeds=" + s + ": expected a count >= 1 (seeds 1..count), a list or range(a,b)");
            }
        }
        Set<Integer> out = new LinkedHashSet<>();
        Param p = Params.get("seed");
        for (Object o : items) {
            try {
                if (!out.add((Integer) p.parse(o))) {
                    throw new SweepError(at, "seeds: the seed " + o + " is listed twice");
                }
            } catch (SpecException e) {
                throw new SweepError(at, e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new SweepError(at, "seeds: at least one seed");
        }
        return List.copyOf(out);
    }

    private static String choice(Raw raw, String section, String key, String fallback, List<String> allowed) {
        Object v = raw.sections.get(section).get(key);
        if (v == null) {
            return fallback;
        }
        String s = String.valueOf(v).trim();
        if (!allowed.contains(s)) {
            throw new SweepError(raw.where.get(section + "." + key), key + "='" + s + "': expected one of "
                    + String.join(", ", allowed));
        }
        return s;
    }

    private static int integer(Raw raw, String section, String key, int fallback, int min) {
        Object v = raw.sections.get(section).get(key);
        if (v == null) {
            return fallback;
        }
        String at = raw.where.get(section + "." + key);
        try {
            long l = v instanceof Number n && !(v instanceof Double) ? n.longValue() : Long.parseLong(String.valueOf(v).trim());
            if (l < min || l > Integer.MAX_VALUE / 4) {
                throw new NumberFormatException();
            }
            return (int) l;
        } catch (NumberFormatException e) {
            throw new SweepError(at, key + "=" + v + ": expected an integer >= " + min);
        }
    }

    private static double num(Raw raw, String section, String key, double fallback, double lo, double hi,
                              boolean openLow, String expected) {
        Object v = raw.sections.get(section).get(key);
        if (v == null) {
            return fallback;
        }
        double x = number(v, raw.where.get(section + "." + key), key, expected);
        boolean ok = (openLow ? x > lo : x >= lo) && (hi == 1 && key.equals("delta") ? x < hi : x <= hi);
        if (!ok || Double.isNaN(x)) {
            throw new SweepError(raw.where.get(section + "." + key), key + "=" + v + ": expected " + expected);
        }
        return x;
    }

    private static double number(Object v, String at, String key, String expected) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new SweepError(at, key + "='" + v + "': expected " + expected);
        }
    }
}
