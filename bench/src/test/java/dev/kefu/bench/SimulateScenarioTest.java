package dev.kefu.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateScenarioTest {

    private static List<SimulateSeries.Bucket> buckets() {
        Map<String, Double> applied = new LinkedHashMap<>();
        applied.put("order-service", 120.0);
        applied.put("review-service", 4.0);
        return List.of(new SimulateSeries.Bucket(0, 5, 200, 199, 1, 0, 3.5, 40, applied, 12),
                new SimulateSeries.Bucket(5, 10, 200, 200, 0, 0, 3.0, 35, applied, 0));
    }

    @Test
    void theChartHasTheTargetAcceptedEachGroupLagAndTheLatencies() {
        String svg = SimulateScenario.chart("simulate", buckets(), 200, Duration.ofSeconds(10));

        for (String series : List.of("target rate", "accepted (202)/s", "order-service applied/s",
                "review-service applied/s", "<title>lag</title>", "<title>p99</title>", "<title>p50</title>")) {
            assertThat(svg).contains(series);
        }
    }

    @Test
    void theNotesTableHasAColumnPerGroupAndARowPerBucket() {
        String[] lines = SimulateScenario.table(buckets()).split("\n");

        assertThat(lines).hasSize(4);
        assertThat(lines[0]).contains("| order-service applied/s | review-service applied/s | lag |");
        assertThat(lines[1].chars().filter(c -> c == '|').count()).isEqualTo(lines[0].chars().filter(c -> c == '|').count());
        assertThat(lines[2]).isEqualTo("| 0-5 | 200 | 199 | 1 | 0 | 3.50 | 40.0 | 120 | 4.00 | 12 |");
    }
}
