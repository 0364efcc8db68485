package io.userstream.helm;

import io.userstream.contract.env.EnvVar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cassandra client encryption (cassandra.sslEnabled, on in production): cert-manager's certificates
 * (a self-signed CA of the release, the nodes' and the clients' JKS stores under one password), the
 * K8ssandraCluster's client_encryption_options and clientEncryptionStores pointing at them, and every
 * Cassandra client (ingest, the Spark jobs, the roles Job, the helm test) trusting that CA through what
 * it mounts: the variables contract's CassandraClientTls reads, files directly in the right Secrets.
 * No CRD of cert-manager is pinned in .crds/ yet, so this test also checks those documents' fields.
 */
class CassandraTlsTest {

    /** Keys of a cert-manager Secret with {@code keystores.jks.create}. */
    static final Set<String> JKS_CERTIFICATE_KEYS = Set.of("tls.crt", "tls.key", "ca.crt", "keystore.jks", "truststore.jks");
    private static final String CERT_MANAGER = "cert-manager.io/v1";

    static boolean isCertManager(Manifests.Resource r) {
        return CERT_MANAGER.equals(r.apiVersion()) && Set.of("Issuer", "Certificate").contains(r.kind());
    }

    @Test
    void productionEncryptsCqlWithTheReleasesCertificates() {
        Manifests m = Renderings.get("production");
        Manifests.Resource cluster = m.single("K8ssandraCluster");
        String name = cluster.name();
        Map<String, Object> cassandra = Yamls.map(cluster.spec(), "cassandra");
        assertThat(Yamls.map(cassandra, "config", "cassandraYaml", "client_encryption_options"))
                .containsEntry("enabled", true).containsEntry("optional", false);

        Manifests.Resource server = m.get("Certificate", name + "-server-tls");
        Manifests.Resource client = m.get("Certificate", name + "-client-tls");
        Manifests.Resource ca = m.get("Certificate", name + "-ca-tls");
        String password = name + "-tls-password";
        assertThat(Yamls.map(m.get("Secret", password).body(), "data")).containsOnlyKeys("password");

        // K8ssandra's stores: the nodes' Secret and the one password
        Map<String, Object> stores = Yamls.map(cassandra, "clientEncryptionStores");
        String serverSecret = Yamls.string(server.spec(), "secretName");
        assertThat(Yamls.map(stores, "keystoreSecretRef")).containsEntry("name", serverSecret).containsEntry("key", "keystore.jks");
        assertThat(Yamls.map(stores, "truststoreSecretRef")).containsEntry("name", serverSecret).containsEntry("key", "truststore.jks");
        assertThat(Yamls.map(stores, "keystorePasswordSecretRef")).containsEntry("name", password).containsEntry("key", "password");
        assertThat(Yamls.map(stores, "truststorePasswordSecretRef")).containsEntry("name", password).containsEntry("key", "password");

        // the chain: self-signed Issuer -> CA Certificate -> CA Issuer -> nodes' and clients' certificates (JKS, same password)
        Manifests.Resource caIssuer = issuerOf(m, server);
        assertThat(issuerOf(m, client)).isEqualTo(caIssuer);
        assertThat(Yamls.string(caIssuer.spec(), "ca", "secretName")).isEqualTo(Yamls.string(ca.spec(), "secretName"));
        assertThat(Yamls.at(ca.spec(), "isCA")).isEqualTo(true);
        assertThat(Yamls.map(issuerOf(m, ca).spec())).containsKey("selfSigned");
        for (Manifests.Resource leaf : List.of(server, client)) {
            assertThat(Yamls.at(leaf.spec(), "keystores", "jks", "create")).as(leaf + " JKS").isEqualTo(true);
            assertThat(Yamls.map(leaf.spec(), "keystores", "jks", "passwordSecretRef"))
                    .containsEntry("name", password).containsEntry("key", "password");
        }
        // the nodes' certificate names the service every client connects to
        String host = Workloads.ingestEnv(m).get(EnvVar.CASSANDRA_CONTACT_POINTS.name()).replaceFirst(":\\d+$", "");
        assertThat(Yamls.list(server.spec(), "dnsNames")).contains(host);
        assertThat(Yamls.list(server.spec(), "usages")).contains("server auth");
    }

    @Test
    void theApplicationsReadTheClientTruststoreAndNeverMountTheNodesOrTheCasKeys() {
        Manifests m = Renderings.get("production");
        String name = m.single("K8ssandraCluster").name();
        String truststore = "/etc/userstream/cassandra-tls/truststore.jks";
        String password = "/etc/userstream/cassandra-tls-password/password";
        List<Map<String, String>> envs = List.of(Workloads.ingestEnv(m), Workloads.sparkEnv(m, "driver"), Workloads.sparkEnv(m, "executor"));
        for (Map<String, String> env : envs) {
            assertThat(env).containsEntry(EnvVar.CASSANDRA_SSL_ENABLED.name(), "true")
                    .containsEntry(EnvVar.CASSANDRA_SSL_TRUSTSTORE_FILE.name(), truststore)
                    .containsEntry(EnvVar.CASSANDRA_SSL_TRUSTSTORE_PASSWORD.fileVariable(), password);
        }
        Map<String, String> ingestMounts = Workloads.secretMounts(Workloads.ingestDeployment(m), Workloads.ingestContainer(m));
        assertThat(ingestMounts).containsEntry("/etc/userstream/cassandra-tls", name + "-client-tls")
                .containsEntry("/etc/userstream/cassandra-tls-password", name + "-tls-password");
        for (String role : List.of("driver", "executor")) {
            assertThat(Workloads.sparkSecretMounts(m, role)).containsEntry("/etc/userstream/cassandra-tls", name + "-client-tls")
                    .containsEntry("/etc/userstream/cassandra-tls-password", name + "-tls-password");
        }
        // the batch job: the same env and secrets
        Manifests.Resource batch = m.single("ScheduledSparkApplication");
        List<Object> batchSecrets = new ArrayList<>();
        Yamls.maps(batch.spec(), "template", "driver", "secrets").forEach(s -> batchSecrets.add(s.get("name")));
        assertThat(batchSecrets).contains(name + "-client-tls", name + "-tls-password");
        // no pod of the chart mounts the nodes' or the CA's Secret (private keys)
        assertThat(Workloads.referencedSecrets(m)).doesNotContainKeys(name + "-server-tls", name + "-ca-tls");
        for (RenderedPods pod : RenderedPods.of(m)) {
            if (pod.operatorMade()) {
                continue;
            }
            assertThat(pod.spec().toString()).as(pod.source()).doesNotContain(name + "-server-tls").doesNotContain(name + "-ca-tls");
        }
    }

    @Test
    void cqlshPodsVerifyTheNodesAgainstTheReleasesCa() {
        Manifests m = Renderings.get("production");
        String name = m.single("K8ssandraCluster").name();
        List<String> checked = new ArrayList<>();
        for (RenderedPods pod : RenderedPods.of(m)) {
            if (pod.operatorMade()) {
                continue;
            }
            String component = pod.labels().get("app.kubernetes.io/component");
            boolean cqlsh = pod.containers().stream().anyMatch(c -> String.valueOf(c.get("args")).contains("cqlsh"));
            if (!cqlsh) {
                continue;
            }
            String args = pod.containers().stream().map(c -> String.valueOf(c.get("args"))).reduce("", String::concat);
            assertThat(args).as(pod.source() + " (" + component + ")").contains("--ssl")
                    .contains("certfile = /etc/userstream/cassandra-tls/ca.crt").contains("validate = true");
            assertThat(pod.spec().toString()).as(pod.source()).contains(name + "-client-tls");
            checked.add(component);
        }
        assertThat(checked).as("the roles Job and the helm test run cqlsh").hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void offMeansNoCertificatesAndPlainCql(String profile, Manifests m) {
        boolean on = "true".equals(Workloads.ingestEnv(m).get(EnvVar.CASSANDRA_SSL_ENABLED.name()));
        assertThat(on).as("TLS on exactly in the production profiles").isEqualTo(profile.startsWith("production"));
        if (!on) {
            assertThat(m.where(CassandraTlsTest::isCertManager)).isEmpty();
            assertThat(Yamls.at(m.single("K8ssandraCluster").spec(), "cassandra", "clientEncryptionStores")).isNull();
            assertThat(Workloads.sparkEnv(m, "driver")).containsEntry(EnvVar.CASSANDRA_SSL_ENABLED.name(), "false");
        }
        // every issuerRef names an Issuer of the release
        for (Manifests.Resource certificate : m.ofKind("Certificate")) {
            assertThat(issuerOf(m, certificate)).isNotNull();
        }
    }

    private static Manifests.Resource issuerOf(Manifests m, Manifests.Resource certificate) {
        Map<String, Object> ref = Yamls.map(certificate.spec(), "issuerRef");
        assertThat(ref).as(certificate + " issuerRef").containsEntry("kind", "Issuer").containsEntry("group", "cert-manager.io");
        return m.get("Issuer", Yamls.string(ref, "name"));
    }
}
