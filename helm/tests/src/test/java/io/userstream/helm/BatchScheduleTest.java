package io.userstream.helm;

import io.userstream.contract.env.EnvVar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch layer's ScheduledSparkApplication: schedule, policy, and the streaming job's image, account and secrets. */
class BatchScheduleTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void validAgainstItsCrdAndRunsTheStreamingJobsImageAccountAndSecrets(String profile, Manifests manifests) {
        Manifests.Resource batch = manifests.single("ScheduledSparkApplication");
        assertThat(CrdValidator.load().validate(batch)).isEmpty();
        Map<String, Object> spec = batch.spec();
        assertThat(spec.get("concurrencyPolicy")).isEqualTo("Forbid");
        assertThat(spec.get("successfulRunHistoryLimit")).isEqualTo(3);
        assertThat(spec.get("failedRunHistoryLimit")).isEqualTo(3);
        Map<String, Object> template = Yamls.map(spec, "template");
        Map<String, Object> stream = Workloads.sparkApplication(manifests).spec();
        assertThat(template.get("mainClass")).isEqualTo("io.userstream.spark.BatchJob");
        assertThat(template.get("image")).isEqualTo(stream.get("image"));
        assertThat(template.get("mainApplicationFile")).isEqualTo(stream.get("mainApplicationFile"));
        for (String role : List.of("driver", "executor")) {
            assertThat(Yamls.string(template, role, "serviceAccount")).isEqualTo(Yamls.string(stream, role, "serviceAccount"));
            assertThat(Yamls.maps(template, role, "secrets")).isEqualTo(Yamls.maps(stream, role, "secrets"));
            Map<String, String> env = env(template, role);
            Map<String, String> streamEnv = Workloads.sparkEnv(manifests, role);
            // Only the Cassandra settings (BatchSettings), each as the streaming job has it.
            assertThat(env).isNotEmpty().allSatisfy((name, value) -> {
                assertThat(name).startsWith("CASSANDRA_");
                assertThat(EnvVar.namesReadBy(EnvVar.Reader.SPARK)).contains(name);
                assertThat(value).isEqualTo(streamEnv.get(name));
            });
            assertThat(env).containsKeys("CASSANDRA_CONTACT_POINTS", "CASSANDRA_PASSWORD_FILE", "CASSANDRA_REPLICATION_FACTOR");
        }
    }

    @Test
    void nightlyByDefaultAndTheScheduleComesFromValues() {
        assertThat(Renderings.get("default").single("ScheduledSparkApplication").spec().get("schedule")).isEqualTo("0 2 * * *");
        Manifests custom = Chart.render(Chart.Profile.DEFAULT, Map.of("spark.batch.schedule", "*/10 * * * *",
                "spark.batch.timeZone", "Europe/Berlin"));
        Map<String, Object> spec = custom.single("ScheduledSparkApplication").spec();
        assertThat(spec.get("schedule")).isEqualTo("*/10 * * * *");
        assertThat(spec.get("timeZone")).isEqualTo("Europe/Berlin");
        assertThat(CrdValidator.load().validate(custom.single("ScheduledSparkApplication"))).isEmpty();
    }

    @Test
    void offWhenDisabled() {
        assertThat(Chart.render(Chart.Profile.DEFAULT, Map.of("spark.batch.enabled", "false"))
                .ofKind("ScheduledSparkApplication")).isEmpty();
    }

    private static Map<String, String> env(Map<String, Object> template, String role) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> variable : Yamls.maps(template, role, "env")) {
            env.put(Yamls.string(variable, "name"), Yamls.string(variable, "value"));
        }
        return env;
    }
}
