package org.reluspec.jobs.multilayer;

import org.reluspec.jobs.linalg.Matrix;

/** A trainable tensor and the buffer its gradient is written to. */
record Param(Matrix value, Matrix grad) {
}
