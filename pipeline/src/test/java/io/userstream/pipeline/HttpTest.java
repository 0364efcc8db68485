package io.userstream.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpTest {

    @Test
    void prometheusSamplesAreSummedOverLabels() {
        Map<String, Double> m = Http.prometheus("""
                # HELP userstream_users_rejected_total Results sent to the dead-letter topic
                # TYPE userstream_users_rejected_total counter
                userstream_users_rejected_total{reason="missing_uuid"} 2.0
                userstream_users_rejected_total{reason="not_json"} 3.0
                metrics_app_driver_userstream_lag_total_Value{type="gauges"} 42
                """);
        assertThat(m).containsEntry("userstream_users_rejected_total", 5.0)
                .containsEntry("metrics_app_driver_userstream_lag_total_Value", 42.0);
        assertThat(Progress.lag(m)).isEqualTo("42");
    }

    @Test
    void makeRunDefaultsAndOptions() {
        PipelineSettings defaults = PipelineSettings.makeRun(java.nio.file.Path.of("/repo"));
        assertThat(defaults.source()).isEqualTo("randomuser");
        assertThat(defaults.fresh()).isFalse();
        assertThat(defaults.scheduled()).isTrue();
        assertThat(defaults.dataDir()).isEqualTo(java.nio.file.Path.of("/repo/.run"));
        PipelineSettings s = RunMain.parse(new String[] {"--source", "synthetic", "--fresh"}, defaults);
        assertThat(s.source()).isEqualTo("synthetic");
        assertThat(s.fresh()).isTrue();
        assertThatThrownBy(() -> RunMain.parse(new String[] {"--source", "kafka"}, defaults))
                .hasMessageContaining("SOURCE must be randomuser or synthetic");
    }
}
