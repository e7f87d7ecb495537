package org.reluspec.driver.progress;

/**
 * A finished run as progress shows it: status, covered teacher nodes at 0.95 (eval data, lowest
 * layer), of how many teacher nodes, final eval loss.
 */
public record RunOutcome(String status, Integer covered095, int teacherNodes, Double evalLoss) {
}
