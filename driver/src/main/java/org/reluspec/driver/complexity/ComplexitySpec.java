package org.reluspec.driver.complexity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.reluspec.driver.sweep.SweepSpec;
import org.reluspec.jobs.params.Experiment;
import org.reluspec.jobs.params.Param;
import org.reluspec.jobs.params.ParamType;
import org.reluspec.jobs.params.Params;

/**
 * A validated sample-complexity search ({@link ComplexityLoader} reads it): the cells (every
 * combination of the axes d, m, multi, eps, data), the fixed training knobs, the success
 * criterion, the seeds of every probe, the training budget and the search's lattice.
 *
 * @param gradTarget  the runs' stop_grad_norm when fixed (0: whole budget); ignored when
 *                    {@code gradConstant} is set
 * @param gradConstant C of the theory's target C * eps / (K^(3/2) sqrt(d)), or null
 */
public record ComplexitySpec(String name, String source, List<Integer> d, List<Integer> m, List<Integer> multi,
                             List<Double> eps, List<String> data, Map<String, Object> fixed, String criterion,
                             double delta, List<Integer> seeds, int numEpoch, int itersPerEpoch, double gradTarget,
                             Double gradConstant, int start, double resolution, int max) implements java.io.Serializable {
    public static final String ANGLE = "angle";
    public static final String CORR = "corr";

    /** Parameters the search sets itself, never under fixed:. */
    static final Map<String, String> SET_BY_SEARCH = Map.of(
            "experiment", "the search runs two_layer", "d", "cells:", "m", "cells:", "multi", "cells:",
            "theory_suggest_train", "cells: data", "N_train", "the search", "seed", "seeds:",
            "num_epoch", "budget:", "num_iter_per_epoch", "budget:", "stop_grad_norm", "budget: grad_target");

    /** Every combination of the axes, the last axis (data) varying fastest. */
    public List<Cell> cells() {
        List<Cell> out = new ArrayList<>();
        for (int dd : d) {
            for (int mm : m) {
                for (int mu : multi) {
                    for (double e : eps) {
                        for (String da : data) {
                            out.add(new Cell(out.size(), dd, mm, mu, e, da));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The runs' stop_grad_norm in this cell. */
    public double gradTarget(Cell c) {
        if (gradConstant == null) {
            return gradTarget;
        }
        return gradConstant * c.eps() / (Math.pow(c.k(), 1.5) * Math.sqrt(c.d()));
    }

    /** Runs a probe needs: seeds at least this many successes. */
    public int successesNeeded() {
        return (int) Math.ceil((1 - delta) * seeds.size() - 1e-9);
    }

    /** The raw values of the run of {@code cell} at training-set size {@code n} with {@code seed}. */
    public Map<String, Object> runValues(Cell cell, int n, int seed) {
        Map<String, Object> v = new LinkedHashMap<>(fixed);
        v.put("experiment", "two_layer");
        v.put("d", cell.d());
        v.put("m", cell.m());
        v.put("multi", cell.multi());
        v.put("theory_suggest_train", cell.theory());
        v.put("N_train", n);
        v.put("seed", seed);
        v.put("num_epoch", numEpoch);
        v.put("num_iter_per_epoch", itersPerEpoch);
        v.put("stop_grad_norm", gradTarget(cell));
        return v;
    }

    /**
     * The resolved search as YAML (every training knob, defaults included): stored as the
     * results folder's spec, so that a resume with another search under the same name is refused.
     */
    public String canonicalBody() {
        StringBuilder b = new StringBuilder();
        b.append("schema_version: ").append(SweepSpec.FORMAT_VERSION).append('\n');
        b.append("name: ").append(name).append('\n');
        b.append("kind: sample_complexity\n");
        b.append("cells:\n");
        b.append("  d: ").append(d).append('\n');
        b.append("  m: ").append(m).append('\n');
        b.append("  multi: ").append(multi).append('\n');
        b.append("  eps: ").append(eps.stream().map(Cell::num).collect(Collectors.joining(", ", "[", "]"))).append('\n');
        b.append("  data: ").append(data).append('\n');
        b.append("fixed:\n");
        for (Param p : Params.all()) {
            if (!p.appliesTo(Experiment.TWO_LAYER) || SET_BY_SEARCH.containsKey(p.name())) {
                continue;
            }
            Object v = fixed.containsKey(p.name()) ? fixed.get(p.name()) : p.defaultFor(Experiment.TWO_LAYER);
            String text = p.canonical(v);
            boolean quote = p.type() == ParamType.CHOICE || p.type() == ParamType.LR_SCHEDULE;
            b.append("  ").append(p.name()).append(": ").append(quote ? "'" + text + "'" : text).append('\n');
        }
        b.append("success:\n");
        b.append("  criterion: ").append(criterion).append('\n');
        b.append("  delta: ").append(Cell.num(delta)).append('\n');
        b.append("seeds: ").append(seeds).append('\n');
        b.append("budget:\n");
        b.append("  num_epoch: ").append(numEpoch).append('\n');
        b.append("  num_iter_per_epoch: ").append(itersPerEpoch).append('\n');
        if (gradConstant != null) {
            b.append("  grad_target: theory\n");
            b.append("  grad_constant: ").append(Cell.num(gradConstant)).append('\n');
        } else {
            b.append("  grad_target: ").append(Cell.num(gradTarget)).append('\n');
        }
        b.append("search:\n");
        b.append("  start: ").append(start).append('\n');
        b.append("  resolution: ").append(Cell.num(resolution)).append('\n');
        b.append("  max: ").append(max).append('\n');
        return b.toString();
    }

    public String toYaml() {
        return "# Resolved sample-complexity search written by reluspec: `bin/sweep complexity <this file>`\n"
                + "# resumes it (the runs beside it are reused).\n" + canonicalBody();
    }

    /** Lattice steps per doubling: the smallest power of two L with 2^(1/L) <= 1 + resolution. */
    public int stepsPerDoubling() {
        int l = 1;
        while (Math.pow(2, 1.0 / l) > 1 + resolution + 1e-12 && l < 1024) {
            l *= 2;
        }
        return l;
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d cells x %d seeds, criterion %s < eps with probability >= %s, "
                        + "N from %d (doubling, then bisection to %s%%, max %d)", cells().size(), seeds.size(),
                criterion, Cell.num(1 - delta), start, Cell.num(resolution * 100), max);
    }
}
