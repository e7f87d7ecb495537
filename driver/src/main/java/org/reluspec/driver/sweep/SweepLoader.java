package org.reluspec.driver.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.ParamType;
import org.reluspec.jobs.params.Params;
import org.reluspec.jobs.params.SpecException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a sweep file and applies command-line overrides (Hydra style) into a validated
 * {@link SweepSpec}. The YAML loader builds only maps, lists and scalars (snakeyaml-engine, YAML
 * 1.2 core schema): a sweep file is data and can never instantiate classes or run code.
 *
 * <pre>
 * name: quickstart            # the results folder name
 * experiment: two_layer       # or multi_layer
 * fixed:                      # one value per parameter
 *   d: 20
 * grid:                       # axes: a list, range(a,b), range(a,b,step), or "v1,v2"
 *   multi: [1, 2, 5]
 *   seed: range(1, 5)
 *   # ks (multi_layer): a list of lists, one depth-and-widths value each: [[50, 75], [100]]
 * </pre>
 */
public final class SweepLoader {
    private static final Set<String> TOP_KEYS = Set.of("name", "experiment", "description", "fixed", "grid",
            "schema_version", "runs", "history");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** Largest grid that is expanded. */
    public static final long MAX_RUNS = 10_000_000L;

    private SweepLoader() {
    }

    public static SweepSpec load(String file, List<String> overrides) {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            throw new SweepError(file, "sweep file not found (working directory "
                    + Path.of("").toAbsolutePath() + ")");
        }
        if (!Files.isRegularFile(path)) {
            throw new SweepError(file, "not a file");
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SweepError(file, "not UTF-8 text; save the sweep file as UTF-8");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SweepError(file, "cannot read the sweep file: " + e.getMessage());
        }
        return parse(text, file, overrides);
    }

    /** Parses sweep-file text; {@code source} names it in messages. */
    public static SweepSpec parse(String text, String source, List<String> overrides) {
        Object doc = loadYaml(text, source);
        if (!(doc instanceof Map<?, ?> top)) {
            throw new SweepError(source, "a sweep file is a YAML mapping with keys name, experiment, fixed, grid"
                    + (doc == null ? " (the file is empty)" : ""));
        }
        return fromMap(top, source, overrides);
    }

    /**
     * A sweep from its loaded YAML mapping. A results folder's sweep.yaml also has a
     * {@code history:} (see {@link SweepHistory}); a sweep file ignores it.
     */
    static SweepSpec fromMap(Map<?, ?> top, String source, List<String> overrides) {
        for (Object k : top.keySet()) {
            String key = String.valueOf(k);
            if (!TOP_KEYS.contains(key)) {
                String hint = Params.exists(key)
                        ? " (parameters go under fixed: or grid:)"
                        : nearest(key, TOP_KEYS).map(n -> " (did you mean '" + n + "'?)").orElse("");
                throw new SweepError(source, "unknown key '" + key + "'" + hint
                        + "; allowed: name, experiment, description, fixed, grid");
            }
        }
        Object name = top.get("name");
        if (name == null) {
            throw new SweepError(source, "name: missing (the name of the results folder, e.g. name: quickstart)");
        }
        if (!(name instanceof String || name instanceof Integer || name instanceof Long)) {
            throw new SweepError(source, "name: YAML reads this name as " + (name instanceof Number ? "a number" : "a "
                    + name.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)) + " (" + name
                    + "); quote it, e.g. name: \"" + name + "\" (it names the results folder)");
        }
        if (!NAME.matcher(name.toString()).matches()) {
            throw new SweepError(source, "name='" + name + "': expected letters, digits, '.', '_' or '-', starting"
                    + " with a letter or digit (it names the results folder; a leading '.' or '_' hides it)");
        }
        String experimentText = top.get("experiment") == null ? "two_layer" : top.get("experiment").toString();
        Experiment experiment = experiment(experimentText, source + ": experiment");

        LinkedHashMap<String, Object> fixed = new LinkedHashMap<>();
        LinkedHashMap<String, List<Object>> axes = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : section(top, "fixed", source).entrySet()) {
            String at = source + ": fixed." + e.getKey();
            Param p = param(e.getKey(), at);
            fixed.put(p.name(), single(p, Values.yamlScalar(e.getValue()), at));
            where.put(p.name(), at);
        }
        for (Map.Entry<String, Object> e : section(top, "grid", source).entrySet()) {
            String at = source + ": grid." + e.getKey();
            Param p = param(e.getKey(), at);
            if (fixed.containsKey(p.name())) {
                throw new SweepError(at, "'" + p.name() + "' is both fixed and a grid axis");
            }
            axes.put(p.name(), yamlAxis(p, e.getValue(), at));
            where.put(p.name(), at);
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (String o : overrides) {
            String key = splitOverride(o)[0];
            String before = given.put(key, o);
            if (before != null) {
                throw new SweepError("command line", "'" + key + "' is given twice ('" + before + "' and '" + o
                        + "'); give it once (a grid axis: " + key + "=v1,v2)");
            }
            experiment = applyOverride(o, experiment, fixed, axes, where);
        }
        for (Map.Entry<String, String> e : where.entrySet()) {
            Param p = Params.get(e.getKey());
            if (!p.appliesTo(experiment)) {
                throw new SweepError(e.getValue(), "parameter '" + p.name() + "' does not apply to experiment "
                        + experiment.key());
            }
        }
        SweepSpec spec = new SweepSpec(name.toString(), experiment, source, fixed, axes);
        long size;
        try {
            size = spec.size();
        } catch (ArithmeticException e) {
            size = Long.MAX_VALUE;
        }
        if (size > MAX_RUNS) {
            throw new SweepError(source, "the grid has " + (size == Long.MAX_VALUE ? "too many" : size)
                    + " runs; at most " + MAX_RUNS + " are allowed in one sweep");
        }
        return spec;
    }

    /** The sweep under another name (--name on the command line: the results folder's name). */
    public static SweepSpec renamed(SweepSpec spec, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new SweepError("--name " + name,
                    "expected letters, digits, '.', '_' or '-' (it names the results folder)");
        }
        return new SweepSpec(name, spec.experiment(), spec.source(), spec.fixed(), spec.axes());
    }

    /** A command-line override split at its first '=' into key and value, both trimmed. */
    public static String[] splitOverride(String arg) {
        int eq = arg.indexOf('=');
        if (eq <= 0) {
            throw new SweepError("command line '" + arg + "'", "expected key=value, key=v1,v2,... or key=range(a,b)");
        }
        return new String[] {arg.substring(0, eq).trim(), arg.substring(eq + 1).trim()};
    }

    /** Applies one {@code key=value} or {@code key=v1,v2} override; returns the experiment. */
    static Experiment applyOverride(String arg, Experiment experiment, Map<String, Object> fixed,
                                    Map<String, List<Object>> axes, Map<String, String> where) {
        String at = "command line '" + arg + "'";
        String[] kv = splitOverride(arg);
        String key = kv[0];
        String value = kv[1];
        if (key.equals("experiment")) {
            return experiment(value, at);
        }
        if (key.equals("name")) {
            throw new SweepError(at, "the sweep name is not a parameter: use --name " + value);
        }
        Param p = param(key, at);
        List<String> items = Values.splitTopLevel(value);
        if (items.size() == 1 && !Values.isRange(value)) {
            fixed.put(p.name(), single(p, value, at));
            axes.remove(p.name());
        } else {
            List<Object> values = textAxis(p, value, at);
            fixed.remove(p.name());
            axes.put(p.name(), values);
        }
        where.put(p.name(), at);
        return experiment;
    }

    /** YAML text as maps, lists and scalars only (shared by every file the driver reads). */
    public static Object loadYaml(String text, String source) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(10 * 1024 * 1024)
                .build();
        try {
            return new Load(settings).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            String mark = e.getProblemMark().map(m -> " at line " + (m.getLine() + 1) + ", column "
                    + (m.getColumn() + 1)).orElse("");
            throw new SweepError(source, "YAML syntax error" + mark + ": " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new SweepError(source, "YAML error: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<?, ?> top, String key, String source) {
        Object v = top.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new SweepError(source, key + ": expected a mapping of parameter: value, found '" + v + "'");
        }
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    private static Experiment experiment(String text, String at) {
        try {
            return Experiment.fromKey(text.trim());
        } catch (SpecException e) {
            throw new SweepError(at, e.getMessage());
        }
    }

    private static Param param(String key, String at) {
        if (key.equals("experiment")) {
            throw new SweepError(at, "the experiment is set once, by the top-level key experiment:");
        }
        try {
            return Params.get(key);
        } catch (SpecException e) {
            throw new SweepError(at, e.getMessage());
        }
    }

    /** One value: not a list of values, not a range. */
    private static Object single(Param p, Object raw, String at) {
        if (raw instanceof String s && (Values.isRange(s) || Values.splitTopLevel(s).size() > 1)) {
            throw new SweepError(at, p.name() + "=" + s + ": expected one value here; axes go under grid:"
                    + " (or key=v1,v2 on the command line)");
        }
        if (raw instanceof List<?> && p.type() != ParamType.INT_LIST) {
            throw new SweepError(at, p.name() + "=" + raw + ": expected one value (" + p.type().expected()
                    + "); axes go under grid:");
        }
        return parse(p, raw, at);
    }

    private static List<Object> yamlAxis(Param p, Object raw, String at) {
        if (raw instanceof String s) {
            return textAxis(p, s, at);
        }
        if (!(raw instanceof List<?> list)) {
            throw new SweepError(at, p.name() + "=" + raw + ": a grid axis is a list [v1, v2, ...], "
                    + "range(a,b) or range(a,b,step)");
        }
        if (list.isEmpty()) {
            throw new SweepError(at, p.name() + ": empty axis (a grid axis needs at least one value)");
        }
        if (p.type() == ParamType.INT_LIST && !list.stream().allMatch(v -> v instanceof List<?>)) {
            throw new SweepError(at, p.name() + "=" + raw + ": a grid axis of " + p.name()
                    + " is a list of lists, one value each, e.g. [[50, 75], [100, 125, 150]]");
        }
        List<Object> out = new ArrayList<>();
        for (Object v : list) {
            out.add(parse(p, Values.yamlScalar(v), at));
        }
        return distinct(p, out, at);
    }

    private static List<Object> textAxis(Param p, String text, String at) {
        List<Object> out = new ArrayList<>();
        List<String> items = Values.splitTopLevel(text);
        if (items.size() == 1 && Values.isRange(text)) {
            List<Object> range;
            try {
                range = Values.range(text);
            } catch (IllegalArgumentException e) {
                throw new SweepError(at, p.name() + ": " + e.getMessage());
            }
            for (Object v : range) {
                out.add(parse(p, v, at));
            }
        } else {
            for (String item : items) {
                if (item.isEmpty()) {
                    throw new SweepError(at, p.name() + "=" + text + ": empty value in the list");
                }
                out.add(parse(p, item, at));
            }
        }
        return distinct(p, out, at);
    }

    private static List<Object> distinct(Param p, List<Object> values, String at) {
        Set<String> seen = new HashSet<>();
        for (Object v : values) {
            if (!seen.add(p.canonical(v))) {
                throw new SweepError(at, p.name() + ": the value " + p.canonical(v) + " is listed twice");
            }
        }
        return values;
    }

    private static Object parse(Param p, Object raw, String at) {
        try {
            return p.parse(raw instanceof Long l && p.type() == ParamType.DOUBLE ? (Object) l.doubleValue() : raw);
        } catch (SpecException e) {
            throw new SweepError(at, e.getMessage());
        }
    }

    /** The candidate within edit distance 2 of {@code key}, if any (for "did you mean"). */
    public static java.util.Optional<String> nearest(String key, Set<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(key.toLowerCase(), c);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return bestD <= 2 ? java.util.Optional.of(best) : java.util.Optional.empty();
    }

    private static int editDistance(String a, String b) {
        int[][] dp = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                dp[i][j] = i == 0 ? j : j == 0 ? i : Math.min(Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1),
                        dp[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
        }
        return dp[a.length()][b.length()];
    }
}
