package org.reluspec.driver.output;

import java.io.Serializable;
import java.util.List;

/**
 * Everything one run contributes to the output, as rows of the four datasets. Built on the
 * executor, shipped to the driver as the task's result, buffered and committed there.
 */
public record RunRecord(String runId, long gridIndex, String status, double wallSeconds,
                        Object[] run, List<Object[]> nodes, List<Object[]> epochs, List<Object[]> students)
        implements Serializable {

    public List<Object[]> rows(Table t) {
        return switch (t.name()) {
            case "runs" -> List.<Object[]>of(run);
            case "nodes" -> nodes;
            case "epochs" -> epochs;
            case "students" -> students;
            default -> throw new IllegalArgumentException(t.name());
        };
    }
}
