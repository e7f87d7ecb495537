package org.reluspec.driver.progress;

/** A finished run as progress shows it: status, covered teacher nodes at 0.95 (eval, lowest layer), of how many, final eval loss. */
public record RunOutcome(String status, Integer covered095, int teacherNodes, Double evalLoss) {
}
