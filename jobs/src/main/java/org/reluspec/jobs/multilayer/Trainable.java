package org.reluspec.jobs.multilayer;

import org.reluspec.jobs.linalg.Matrix;

/** A trainable tensor and the buffer its gradient is written to. */
record Trainable(Matrix value, Matrix grad) {
}
