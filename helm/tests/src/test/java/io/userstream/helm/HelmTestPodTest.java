package io.userstream.helm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The `helm test` pod (templates/tests/): a hook by default, wired like the Spark job (its Kafka
 * user, whose ACLs allow reading the topic with the job's group prefix), posting to the ingest
 * Service, every credential file mounted.
 */
class HelmTestPodTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void theTestPodReachesTheIngestServiceKafkaAndCassandraAsTheJobDoes(String name, Manifests manifests) throws IOException {
        Manifests.Resource pod = manifests.ofKind("Pod").stream().filter(p -> p.name().endsWith("-test-pipeline"))
                .findFirst().orElseThrow(() -> new AssertionError("no helm test pod"));
        Map<String, String> jobEnv = Workloads.sparkEnv(manifests, "driver");
        Manifests.Resource ingestService = manifests.get("Service", Workloads.ingestDeployment(manifests).name());
        for (String phase : List.of("initContainers", "containers")) {
            Map<String, Object> container = Yamls.maps(pod.body(), "spec", phase).get(0);
            Map<String, String> env = new LinkedHashMap<>();
            Yamls.maps(container, "env").forEach(e -> env.put(Yamls.string(e, "name"), Yamls.string(e, "value")));
            env.forEach((k, v) -> {
                if (jobEnv.containsKey(k)) {
                    assertThat(v).as(phase + " " + k + " as the job has it").isEqualTo(jobEnv.get(k));
                }
            });
            List<String> mounts = Yamls.maps(container, "volumeMounts").stream().map(m -> Yamls.string(m, "mountPath")).toList();
            env.forEach((k, v) -> {
                if (k.endsWith("_FILE") && (phase.equals("containers") == k.startsWith("CASSANDRA_"))) {
                    assertThat(mounts).as(phase + " mounts the directory of " + k).contains(v.substring(0, v.lastIndexOf('/')));
                }
            });
        }
        String script = String.join("\n", Yamls.list(Yamls.maps(pod.body(), "spec", "initContainers").get(0), "args")
                .stream().map(String::valueOf).toList());
        assertThat(script).contains("host=" + ingestService.name() + "; port=" + Yamls.string(Yamls.maps(ingestService.spec(), "ports").get(0), "port"))
                .contains("--group \"" + Chart.readChartFile("values.yaml").lines().filter(l -> l.strip().startsWith("groupIdPrefix:")).findFirst()
                        .orElseThrow().replaceAll(".*: *", "") + "-helm-test-");
        assertThat(Yamls.string(pod.body(), "spec", "restartPolicy")).isEqualTo("Never");
        // A hook by default (rendered here with tests.hook=false: helm-java's template drops hooks).
        String template = Files.readString(Chart.DIR.resolve("templates/tests/pipeline-test.yaml"));
        assertThat(template).contains("helm.sh/hook: test");
        assertThat(Chart.readChartFile("values.yaml")).containsPattern("(?m)^  hook: true$");
    }
}
