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
            throw new Invalid("a schedule must start at epoch 0");
        }
        for (Map.Entry<Integer, Double> e : rates.entrySet()) {
            if (!(e.getValue() > 0) || Double.isInfinite(e.getValue())) {
                throw new Invalid("learning rates must be positive and finite");
            }
        }
    }

    public static LrSchedule parse(String text) {
        String s = text.trim().replace("\"", "").replace("'", "");
        TreeMap<Integer, Double> rates = new TreeMap<>();
        if (s.startsWith("{")) {
            if (!s.endsWith("}")) {
                throw new Invalid("a schedule {epoch:rate,...} ends with '}'");
            }
            for (String item : s.substring(1, s.length() - 1).split(",")) {
                String[] kv = item.split(":");
                if (kv.length != 2) {
                    throw new Invalid("'" + item.trim() + "' is not epoch:rate");
                }
                int epoch = epoch(kv[0]);
                if (rates.put(epoch, rate(kv[1])) != null) {
                    throw new Invalid("epoch " + epoch + " is given twice");
                }
            }
        } else if (s.indexOf('-', 1) > 0 && !s.toLowerCase().contains("e-")) {
            String[] items = s.split("-");
            if (items.length % 2 != 0) {
                throw new Invalid("the dash form lists epoch-rate pairs: an even count of numbers");
            }
            for (int i = 0; i < items.length; i += 2) {
                int epoch = epoch(items[i]);
                if (rates.put(epoch, rate(items[i + 1])) != null) {
                    throw new Invalid("epoch " + epoch + " is given twice");
                }
            }
        } else {
            rates.put(0, Double.parseDouble(s));
        }
        return new LrSchedule(rates);
    }

    private static int epoch(String text) {
        try {
            int e = Integer.parseInt(text.trim());
            if (e >= 0) {
                return e;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Invalid("epoch '" + text.trim() + "' is not a whole number >= 0");
    }

    private static double rate(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new Invalid("rate '" + text.trim() + "' is not a number");
        }
    }

    /** Why a schedule is refused (the message is a reason, told to the user). */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String reason) {
            super(reason);
        }
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
