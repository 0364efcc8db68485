package io.userstream.helm;

import io.userstream.contract.UsersCreatedSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema registry's wiring, followed through the rendered resources: Apicurio stores its state
 * in topics of the chart's own Kafka cluster (reached like the ingest service reaches it, with its
 * own KafkaUser), and the ingest service is given the registry's Service address. Every document is
 * also validated strictly (ManifestValidationTest), the KafkaTopics and KafkaUser against Strimzi's CRDs.
 */
class RegistryTest {

    private static Manifests.Resource registry(Manifests m) {
        return m.where(r -> r.kind().equals("Deployment") && "registry".equals(r.labels().get("app.kubernetes.io/component")))
                .stream().findFirst().orElseThrow(() -> new AssertionError("no registry Deployment"));
    }

    private static Map<String, Object> container(Manifests.Resource deployment) {
        return Yamls.maps(deployment.body(), "spec", "template", "spec", "containers").get(0);
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> v : Yamls.maps(container, "env")) {
            String secret = Yamls.string(v, "valueFrom", "secretKeyRef", "name");
            env.put(Yamls.string(v, "name"), secret != null ? "secret:" + secret + "/" + Yamls.string(v, "valueFrom", "secretKeyRef", "key")
                    : Yamls.string(v, "value"));
        }
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "kind", "production", "tls-no-auth"})
    void registryStoresItsStateInTheChartsKafkaAsTheIngestServiceReachesIt(String rendering) {
        Manifests m = Renderings.get(rendering);
        Map<String, String> ingest = Workloads.ingestEnv(m);
        Map<String, String> env = env(container(registry(m)));
        String kafka = m.single("Kafka").name();

        assertThat(env).containsEntry("APICURIO_STORAGE_KIND", "kafkasql")
                .containsEntry("APICURIO_KAFKASQL_BOOTSTRAP_SERVERS", ingest.get("KAFKA_BOOTSTRAP_SERVERS"))
                .containsEntry("APICURIO_KAFKASQL_SECURITY_PROTOCOL", ingest.get("KAFKA_SECURITY_PROTOCOL"))
                .containsEntry("APICURIO_KAFKASQL_TOPIC_AUTO_CREATE", "false");
        assertThat(env.get("APICURIO_KAFKASQL_BOOTSTRAP_SERVERS")).startsWith(kafka + "-kafka-bootstrap:");

        // both storage topics exist, in this Kafka, one partition, never deleted by retention
        for (String topic : List.of(env.get("APICURIO_KAFKASQL_TOPIC"), env.get("APICURIO_KAFKASQL_SNAPSHOTS_TOPIC"))) {
            Manifests.Resource t = m.where(r -> r.kind().equals("KafkaTopic") && topic.equals(Yamls.string(r.spec(), "topicName")))
                    .stream().findFirst().orElseThrow(() -> new AssertionError("no KafkaTopic " + topic + " in " + rendering));
            assertThat(t.labels()).containsEntry("strimzi.io/cluster", kafka);
            assertThat(Yamls.string(t.spec(), "partitions")).isEqualTo("1");
            assertThat(Yamls.string(t.spec(), "config", "retention.ms")).isEqualTo("-1");
        }

        boolean auth = ingest.containsKey("KAFKA_SASL_MECHANISM");
        if (auth) {
            assertThat(env).containsEntry("APICURIO_KAFKA_COMMON_SASL_MECHANISM", ingest.get("KAFKA_SASL_MECHANISM"));
            String secret = env.get("APICURIO_KAFKA_COMMON_SASL_JAAS_CONFIG");
            assertThat(secret).endsWith("/sasl.jaas.config");
            String user = secret.substring("secret:".length(), secret.indexOf('/'));
            Manifests.Resource kafkaUser = m.get("KafkaUser", user);
            assertThat(kafkaUser.labels()).containsEntry("strimzi.io/cluster", kafka);
            List<Map<String, Object>> acls = Yamls.maps(kafkaUser.spec(), "authorization", "acls");
            assertThat(acls).anySatisfy(acl -> {
                assertThat(Yamls.string(acl, "resource", "name")).isEqualTo(env.get("APICURIO_KAFKASQL_TOPIC"));
                assertThat(Yamls.list(acl, "operations")).contains("Read", "Write");
            });
        } else {
            assertThat(env).doesNotContainKeys("APICURIO_KAFKA_COMMON_SASL_MECHANISM", "APICURIO_KAFKA_COMMON_SASL_JAAS_CONFIG");
        }
        if (ingest.containsKey("KAFKA_SSL_TRUSTSTORE_FILE")) {
            assertThat(env).containsEntry("APICURIO_KAFKA_COMMON_SSL_TRUSTSTORE_LOCATION", ingest.get("KAFKA_SSL_TRUSTSTORE_FILE"));
            assertThat(Workloads.secretMounts(registry(m), container(registry(m))))
                    .containsEntry(ingest.get("KAFKA_SSL_TRUSTSTORE_FILE").replace("/ca.crt", ""), kafka + "-cluster-ca-cert");
        }
    }

    @Test
    void theIngestServiceIsGivenTheRegistrysServiceAddress() {
        Manifests m = Renderings.get("kind");
        Manifests.Resource deployment = registry(m);
        String url = Workloads.ingestEnv(m).get("USERSTREAM_REGISTRY_URL");
        Manifests.Resource service = m.where(r -> r.kind().equals("Service") && url.equals("http://" + r.name() + ":"
                + Yamls.string(Yamls.maps(r.spec(), "ports").get(0), "port"))).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no Service behind USERSTREAM_REGISTRY_URL=" + url));

        Map<String, Object> podLabels = Yamls.map(deployment.body(), "spec", "template", "metadata", "labels");
        assertThat(podLabels).containsAllEntriesOf(Yamls.map(service.spec(), "selector"));
        String targetPort = Yamls.string(Yamls.maps(service.spec(), "ports").get(0), "targetPort");
        assertThat(Yamls.maps(container(deployment), "ports")).anySatisfy(p -> assertThat(Yamls.string(p, "name")).isEqualTo(targetPort));
        assertThat(UsersCreatedSchema.REGISTRY_GROUP).isEqualTo("userstream");
    }

    @Test
    void turnedOffThereIsNoRegistryAndTheIngestServiceRegistersNothing() {
        Manifests m = Chart.render(Chart.Profile.KIND, Map.of("registry.enabled", "false"));

        assertThat(m.where(r -> r.labels().getOrDefault("app.kubernetes.io/component", "").startsWith("registry"))).isEmpty();
        assertThat(Workloads.ingestEnv(m)).doesNotContainKey("USERSTREAM_REGISTRY_URL");
    }
}
