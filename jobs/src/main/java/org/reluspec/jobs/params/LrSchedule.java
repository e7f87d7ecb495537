package org.reluspec.jobs.params;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An epoch-indexed learning rate, as the reference's multi-layer code reads it: a plain number,
 * {@code {0:0.2,20:0.1}}, or the dash form {@code 0-0.2-20-0.1}. The rate of epoch e is the one of
 * the largest listed epoch not above e; the schedule must list epoch 0.
 */
public record LrSchedule(NavigableMap<Integer, Double> rates) {

    public LrSchedule {
        rates = java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(rates));
        if (rates.isEmpty() || rates.firstKey() != 0) {
            throw new IllegalArgumentException("a schedule must start at epoch 0");
        }
        for (Map.Entry<Integer, Double> e : rates.entrySet()) {
            if (!(e.getValue() > 0) || Double.isInfinite(e.getValue())) {
                throw new IllegalArgumentException("learning rates must be positive");
            }
        }
    }

    public static LrSchedule parse(String text) {
        String s = text.trim().replace("\"", "").replace("'", "");
        TreeMap<Integer, Double> rates = new TreeMap<>();
        if (s.startsWith("{")) {
            if (!s.endsWith("}")) {
                throw new IllegalArgumentException(text);
            }
            for (String item : s.substring(1, s.length() - 1).split(",")) {
                String[] kv = item.split(":");
                if (kv.length != 2) {
                    throw new IllegalArgumentException(text);
                }
                rates.put(Integer.parseInt(kv[0].trim()), Double.parseDouble(kv[1].trim()));
            }
        } else if (s.indexOf('-', 1) > 0 && !s.toLowerCase().contains("e-")) {
            String[] items = s.split("-");
            if (items.length % 2 != 0) {
                throw new IllegalArgumentException(text);
            }
            for (int i = 0; i < items.length; i += 2) {
                rates.put(Integer.parseInt(items[i].trim()), Double.parseDouble(items[i + 1].trim()));
            }
        } else {
            rates.put(0, Double.parseDouble(s));
        }
        return new LrSchedule(rates);
    }

    /** The rate in force during {@code epoch} (0-based). */
    public double rateAt(int epoch) {
        Map.Entry<Integer, Double> e = rates.floorEntry(Math.max(epoch, 0));
        return e.getValue();
    }

    public double initialRate() {
        return rates.firstEntry().getValue();
    }

    /** {@code 0.01} for a constant rate, {@code {0:0.2,20:0.1}} otherwise. */
    public String canonical() {
        if (rates.size() == 1) {
            return Double.toString(rates.firstEntry().getValue());
        }
        return rates.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
