package org.reluspec.dl4j;

import java.io.Serializable;

/** One worker's share of an averaging round: batches [first, first + count) of epoch {@code epoch}. */
record EpochShare(int epoch, int first, int count) implements Serializable {
}
