package org.reluspec.jobs.multilayer;

import java.util.ArrayList;
import java.util.List;

/**
 * How a data set is cut into row blocks for read-outs: blocks of {@link #SIZE} rows, a trailing
 * block of a single row merged into the previous one (batch statistics of one sample are
 * degenerate). Blocks therefore hold at most SIZE + 1 rows.
 */
record Chunks(int[] start, int[] length) {
    static final int SIZE = 1024;

    static Chunks of(int n) {
        List<int[]> blocks = new ArrayList<>();
        for (int s = 0; s < n; s += SIZE) {
            blocks.add(new int[] {s, Math.min(SIZE, n - s)});
        }
        int last = blocks.size() - 1;
        if (last > 0 && blocks.get(last)[1] == 1) {
            blocks.get(last - 1)[1] += 1;
            blocks.remove(last);
        }
        int[] st = new int[blocks.size()];
        int[] len = new int[blocks.size()];
        for (int i = 0; i < st.length; i++) {
            st[i] = blocks.get(i)[0];
            len[i] = blocks.get(i)[1];
        }
        return new Chunks(st, len);
    }

    int count() {
        return start.length;
    }
}
