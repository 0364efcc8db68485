package io.userstream.pipeline.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CurveOutputTest {

    private static PipelineLoadBench.Step step(int percent, double rows, long... micros) {
        return new PipelineLoadBench.Step(percent, percent * 100, percent * 100.0, 0, rows, Latencies.of(micros), 0, 1.5, true,
                Map.of("kafka", 0.1, "cassandra", 0.2, "ingest", 0.3, "spark", 0.4), 1_800_000_000L);
    }

    @Test
    void spreadIsTheMedianWithMinAndMax() {
        Spread s = Spread.of(3.0, 1.0, 10.0, Double.NaN);
        assertThat(s.median()).isEqualTo(3.0);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(10.0);
        assertThat(s.n()).isEqualTo(3);
        assertThat(Spread.of(1.0, 2.0).median()).isEqualTo(1.5);
        assertThat(s.text("%.0f")).isEqualTo("3 (1-10, n=3)");
    }

    @Test
    void theCurveIsWrittenAsTableJsonAndChart() {
        List<PipelineLoadBench.Step> steps = List.of(step(10, 990, 200_000, 300_000), step(50, 4_900, 400_000, 900_000),
                step(50, 5_000, 500_000, 1_500_000), step(120, 7_000, 4_000_000, 9_000_000));
        String md = CurveOutput.markdown(steps);
        assertThat(md.lines().filter(l -> l.startsWith("| 50 %"))).hasSize(2);
        assertThat(md).contains("| 120 % | 12,000 | 12,000 | 7,000 | 4,000 ms | 9,000 ms |");
        String json = CurveOutput.json(steps);
        assertThat(json).contains("\"percent\": 120").contains("\"latencyP99Millis\": 9000.000").contains("\"spark\": 0.400");
        String svg = CurveOutput.svg(steps, "2026-12-03");
        assertThat(svg).startsWith("<svg").contains("<polyline").endsWith("</svg>\n");
        // medians per percentage: three distinct steps, so three points per series
        String points = svg.split("<polyline")[1].split("points=\"")[1].split("\"")[0];
        assertThat(points.split(" ")).hasSize(3);
    }
}
