package io.userstream.helm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 on the chart: every pod passes the {@code restricted} Pod Security Standard; the
 * NetworkPolicies (the chart's and the ones Strimzi makes from {@code networkPolicyPeers}) select
 * pods that exist and let every real client through, and only those; the applications never mount
 * Cassandra's superuser secret; no Secret value is in a values file or a rendered ConfigMap.
 */
class SecurityPolicyTest {

    private static final List<String> CQL_CLIENT_ENV = List.of("CASSANDRA_CONTACT_POINTS");

    /** The checks of the restricted profile that a rendering can show ({@link RestrictedPodSecurity}). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void everyRenderedPodPassesTheRestrictedPodSecurityStandard(String profile, Manifests manifests) {
        List<RenderedPods> pods = RenderedPods.of(manifests).stream().filter(p -> !p.operatorMade()).toList();
        assertThat(pods).as("pods rendered").hasSizeGreaterThanOrEqualTo(4);
        assertThat(pods.stream().flatMap(p -> RestrictedPodSecurity.violations(p).stream()).toList())
                .as("restricted Pod Security Standard violations").isEmpty();
        // The pods cass-operator makes from the K8ssandraCluster: CassandraPodSecurityTest.
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void networkPoliciesSelectRealPodsAndLetEveryClientThrough(String profile, Manifests manifests) {
        List<RenderedPods> pods = RenderedPods.of(manifests);
        List<Manifests.Resource> policies = manifests.ofKind("NetworkPolicy");
        for (Manifests.Resource policy : policies) {
            Map<String, Object> selector = Yamls.map(policy.spec(), "podSelector");
            assertThat(selector).as(policy + " selects some pods, not all").isNotEmpty();
            assertThat(pods).as(policy + " podSelector " + selector + " selects a pod").anyMatch(p -> p.selectedBy(selector));
            for (String direction : List.of("ingress", "egress")) {
                for (Map<String, Object> rule : Yamls.maps(policy.spec(), direction)) {
                    for (Map<String, Object> peer : Yamls.maps(rule, direction.equals("ingress") ? "from" : "to")) {
                        if (peer.containsKey("podSelector") && !peer.containsKey("namespaceSelector")) {
                            Map<String, Object> peerSelector = Yamls.map(peer, "podSelector");
                            assertThat(pods).as(policy + " " + direction + " peer " + peerSelector + " selects a pod")
                                    .anyMatch(p -> p.selectedBy(peerSelector));
                        }
                    }
                }
            }
        }
        // Kafka: Strimzi's policies from networkPolicyPeers; every peer selects pods, every Kafka client is a peer.
        for (Manifests.Resource kafka : manifests.ofKind("Kafka")) {
            for (Map<String, Object> listener : Yamls.maps(kafka.spec(), "kafka", "listeners")) {
                List<Map<String, Object>> peers = Yamls.maps(listener, "networkPolicyPeers");
                assertThat(peers).as(kafka + " listener " + listener.get("name") + " has networkPolicyPeers (on by default)").isNotEmpty();
                for (Map<String, Object> peer : peers) {
                    Map<String, Object> peerSelector = Yamls.map(peer, "podSelector");
                    assertThat(pods).as(kafka + " peer " + peerSelector + " selects a pod").anyMatch(p -> p.selectedBy(peerSelector));
                }
                for (RenderedPods client : clientsOf(pods, "KAFKA_BOOTSTRAP_SERVERS", manifests)) {
                    assertThat(peers).as(client + " may reach Kafka's " + listener.get("name") + " listener")
                            .anyMatch(peer -> client.selectedBy(Yamls.map(peer, "podSelector")));
                }
            }
        }
        // Cassandra: every CQL client may reach 9042, and nothing else (no namespace-wide or empty peer).
        Manifests.Resource cql = policies.stream().filter(p -> Yamls.maps(p.spec(), "ingress").stream()
                .anyMatch(rule -> Yamls.maps(rule, "ports").stream().anyMatch(port -> "9042".equals(Yamls.string(port, "port")))))
                .findFirst().orElseThrow(() -> new AssertionError("no NetworkPolicy guards CQL (9042) in " + profile));
        List<Map<String, Object>> cqlPeers = Yamls.maps(cql.spec(), "ingress").stream()
                .filter(rule -> Yamls.maps(rule, "ports").stream().anyMatch(port -> "9042".equals(Yamls.string(port, "port"))))
                .flatMap(rule -> Yamls.maps(rule, "from").stream()).toList();
        assertThat(cqlPeers).allSatisfy(peer -> assertThat(Yamls.map(peer, "podSelector")).as("a CQL peer names its pods").isNotEmpty());
        for (RenderedPods client : clientsOf(pods, CQL_CLIENT_ENV.get(0), manifests)) {
            assertThat(cqlPeers).as(client + " may reach CQL").anyMatch(peer -> client.selectedBy(Yamls.map(peer, "podSelector")));
        }
        for (Map<String, Object> rule : Yamls.maps(cql.spec(), "ingress")) {
            if (!Yamls.maps(rule, "from").isEmpty()) {
                continue;
            }
            for (Map<String, Object> port : Yamls.maps(rule, "ports")) {
                int from = Integer.parseInt(Yamls.string(port, "port"));
                int to = port.containsKey("endPort") ? Integer.parseInt(Yamls.string(port, "endPort")) : from;
                assertThat(from <= 9042 && 9042 <= to).as(cql + ": a rule open to all must not include CQL").isFalse();
            }
        }
        // The ingest API: ingress only from named pods or namespaces, never from everything.
        manifests.ofKind("NetworkPolicy").stream().filter(p -> "ingest".equals(p.labels().get("app.kubernetes.io/component")))
                .forEach(p -> Yamls.maps(p.spec(), "ingress").forEach(rule -> assertThat(Yamls.maps(rule, "from")).as(p + " ingress")
                        .isNotEmpty().noneMatch(peer -> Yamls.map(peer, "podSelector").isEmpty() && !peer.containsKey("namespaceSelector"))));
    }

    @Test
    void networkPoliciesAreOnByDefault() {
        Manifests manifests = Renderings.get("default");
        assertThat(manifests.ofKind("NetworkPolicy")).extracting(r -> r.labels().get("app.kubernetes.io/component"))
                .contains("ingest", "cassandra");
        assertThat(Yamls.maps(manifests.single("Kafka").spec(), "kafka", "listeners"))
                .allSatisfy(l -> assertThat(Yamls.maps(l, "networkPolicyPeers")).isNotEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void onlyTheRolesJobMountsTheCassandraSuperuser(String profile, Manifests manifests) {
        String superuser = manifests.single("K8ssandraCluster").name() + "-superuser";
        for (RenderedPods pod : RenderedPods.of(manifests)) {
            if (pod.operatorMade()) {
                continue;
            }
            boolean mounts = Yamls.maps(pod.spec(), "volumes").stream().anyMatch(v -> superuser.equals(Yamls.string(v, "secret", "secretName")));
            assertThat(mounts).as(pod + " mounts " + superuser).isEqualTo("cassandra-roles".equals(pod.labels().get("app.kubernetes.io/component")));
        }
        for (Manifests.Resource app : Stream.concat(manifests.ofKind("SparkApplication").stream(),
                manifests.ofKind("ScheduledSparkApplication").stream()).toList()) {
            assertThat(Workloads.referencedSecrets(manifests)).doesNotContainKey(superuser);
            assertThat(app.body().toString()).as(app + " never names the superuser secret").doesNotContain(superuser);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void noSecretValueInValuesFilesOrRenderedConfigMaps(String profile, Manifests manifests) throws IOException {
        List<String> values = new ArrayList<>();
        for (Manifests.Resource secret : manifests.ofKind("Secret")) {
            Yamls.stringMap(Yamls.at(secret.body(), "data")).forEach((k, v) -> {
                if (!k.equals("username")) { // a role's name is in the roles CQL on purpose
                    values.add(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
                }
            });
            values.addAll(Yamls.stringMap(Yamls.at(secret.body(), "stringData")).values());
        }
        List<String> secretValues = values.stream().filter(v -> v.length() >= 12).toList(); // user names are not secrets
        assertThat(secretValues).as("the chart's generated passwords").hasSizeGreaterThanOrEqualTo(2);
        List<String> texts = new ArrayList<>();
        manifests.ofKind("ConfigMap").forEach(c -> texts.add(String.valueOf(Yamls.at(c.body(), "data"))));
        try (Stream<Path> files = Files.list(Chart.DIR)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("values.*\\.yaml")).toList()) {
                texts.add(Files.readString(f));
            }
        }
        for (String text : texts) {
            for (String secret : secretValues) {
                assertThat(text.contains(secret)).as("a Secret's value appears in a ConfigMap or values file").isFalse();
            }
        }
        // And no values file carries a credential of its own.
        try (Stream<Path> files = Files.list(Chart.DIR)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("values.*\\.yaml")).toList()) {
                assertThat(Files.readAllLines(f)).as(f + " has no password, token or secret value")
                        .noneMatch(line -> line.matches("(?i)\\s*[a-z_]*(password|token|secret)[a-z_]*:\\s*(?!\\[\\]|\\{\\}|\"\"|''|true\\b|false\\b)\\S+.*"));
            }
        }
    }

    /** The roles Job runs copies of contract's CQL (Helm reads only files inside the chart): they must not drift. */
    @Test
    void theRolesJobRunsContractsSchemaAndRoles() throws IOException {
        Path contract = Chart.ROOT.resolve("contract/src/main/resources/io/userstream/contract");
        for (String file : List.of("schema.cql", "cassandra-roles.cql")) {
            assertThat(Files.readString(Chart.DIR.resolve("files/cql").resolve(file)))
                    .as("helm/userstream/files/cql/" + file + " is a copy of contract's (cp it after a change)")
                    .isEqualTo(Files.readString(contract.resolve(file)));
        }
        Manifests manifests = Renderings.get("production");
        Manifests.Resource cql = manifests.where(r -> r.kind().equals("ConfigMap") && r.name().endsWith("-roles-cql")).get(0);
        assertThat(Yamls.string(cql.body(), "data", "cassandra-roles.cql")).contains("GRANT MODIFY ON TABLE spark_streams.created_users TO userstream_spark");
        Manifests.Resource job = manifests.ofKind("Job").stream().filter(j -> j.name().endsWith("-roles")).findFirst().orElseThrow();
        assertThat(job.spec()).isNotEmpty(); // a hook by default (rendered here with rolesJob.hook=false: helm-java drops hooks)
        assertThat(Chart.readChartFile("templates/cassandra/roles-job.yaml")).contains("helm.sh/hook: post-install,post-upgrade");
        assertThat(Chart.readChartFile("values.yaml")).containsPattern("(?m)^    hook: true$");
        // The role names the applications are given are the file's.
        for (Manifests.Resource secret : manifests.where(r -> r.kind().equals("Secret") && r.name().endsWith("-cql"))) {
            String user = new String(Base64.getDecoder().decode(Yamls.string(secret.body(), "data", "username")), StandardCharsets.UTF_8);
            assertThat(Yamls.string(cql.body(), "data", "cassandra-roles.cql")).contains("CREATE ROLE IF NOT EXISTS " + user + " ");
        }
    }

    /** The pods whose containers carry an environment variable (a Kafka or Cassandra client). */
    private static List<RenderedPods> clientsOf(List<RenderedPods> pods, String variable, Manifests manifests) {
        List<RenderedPods> clients = new ArrayList<>();
        for (RenderedPods pod : pods) {
            if (pod.operatorMade()) {
                continue;
            }
            boolean client = false;
            for (Map<String, Object> container : pod.containers()) {
                client |= Yamls.maps(container, "env").stream().anyMatch(e -> variable.equals(Yamls.string(e, "name")));
                for (Map<String, Object> source : Yamls.maps(container, "envFrom")) {
                    String configMap = Yamls.string(source, "configMapRef", "name");
                    client |= configMap != null && manifests.find("ConfigMap", configMap)
                            .map(c -> Yamls.map(c.body(), "data").containsKey(variable)).orElse(false);
                }
            }
            if (client) {
                clients.add(pod);
            }
        }
        assertThat(clients).as("clients with " + variable).isNotEmpty();
        return clients;
    }
}
