package io.userstream.helm;

import io.userstream.helm.Chart.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16 item 5: the Cassandra pods cass-operator makes from the chart's K8ssandraCluster meet
 * the {@code restricted} Pod Security Standard, so the namespace can enforce it. The pods are the
 * operators' merge of the rendered security contexts, replayed by {@link CassandraPods} from their
 * pinned sources (which that class cites), then checked like the chart's own pods
 * ({@link RestrictedPodSecurity}).
 */
class CassandraPodSecurityTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void everyContainerCassOperatorMakesIsRestricted(String profile, Manifests manifests) {
        Manifests.Resource cluster = manifests.single("K8ssandraCluster");
        assertThat(CassandraPods.unmodelled(cluster)).as("features whose containers CassandraPods does not replay").isEmpty();
        List<RenderedPods> pods = CassandraPods.of(manifests);
        assertThat(pods).as("one pod per datacenter").hasSize(Yamls.maps(cluster.spec(), "cassandra", "datacenters").size());
        for (RenderedPods pod : pods) {
            assertThat(pod.containers()).extracting(c -> c.get("name")).as(pod + ": container names are unique")
                    .doesNotHaveDuplicates()
                    .containsAll(CassandraPods.INIT_CONTAINERS).containsAll(CassandraPods.CONTAINERS);
            assertThat(RestrictedPodSecurity.violations(pod)).as("restricted violations in " + pod).isEmpty();
        }
    }

    /** The rendered template names cass-operator's containers itself, each with the full restricted context (not by luck of a default). */
    @Test
    void theK8ssandraClusterNamesEveryOperatorContainerWithARestrictedContext() {
        Map<String, Object> cassandra = Yamls.map(Renderings.get("default").single("K8ssandraCluster").spec(), "cassandra");
        assertThat(Yamls.maps(cassandra, "initContainers")).extracting(c -> c.get("name"))
                .as("init containers in cass-operator's order (" + CassandraPods.CASS_OPERATOR + ")")
                .containsExactlyElementsOf(CassandraPods.INIT_CONTAINERS);
        assertThat(Yamls.maps(cassandra, "containers")).extracting(c -> c.get("name"))
                .containsExactlyInAnyOrderElementsOf(CassandraPods.CONTAINERS);
        for (Map<String, Object> c : concat(Yamls.maps(cassandra, "initContainers"), Yamls.maps(cassandra, "containers"))) {
            assertThat(c.keySet()).as(c.get("name") + ": only a name and a security context; the operators fill in the rest")
                    .containsExactlyInAnyOrder("name", "securityContext");
            assertThat(Yamls.at(c, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
            assertThat(Yamls.list(c, "securityContext", "capabilities", "drop")).containsExactly("ALL");
        }
        // A pod context replaces cass-operator's default (999, non-root) as a whole: it must keep the user.
        assertThat(Yamls.map(cassandra, "podSecurityContext")).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 999)
                .containsEntry("runAsGroup", 999).containsEntry("fsGroup", 999);
        assertThat(Yamls.string(cassandra, "podSecurityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat(CassandraPods.perNodeConfig(cassandra, Yamls.maps(cassandra, "datacenters").get(0)))
                .as("no per-node-config init container (k8ssandra-operator appends it unmatched: " + CassandraPods.K8SSANDRA_PER_NODE + ")")
                .isFalse();
    }

    /** What the namespace could enforce before: cass-operator's defaults alone fail restricted (seccomp, capabilities). */
    @Test
    void cassOperatorsDefaultsAloneAreNotRestricted() {
        Manifests bare = Manifests.parse("""
                apiVersion: k8ssandra.io/v1alpha1
                kind: K8ssandraCluster
                metadata: {name: bare}
                spec:
                  cassandra:
                    serverVersion: "5.0.6"
                    datacenters:
                      - metadata: {name: dc1}
                        size: 1
                """);
        List<String> violations = RestrictedPodSecurity.violations(CassandraPods.of(bare).get(0));
        for (String container : concat(CassandraPods.INIT_CONTAINERS, CassandraPods.CONTAINERS)) {
            assertThat(violations).as(container).anyMatch(v -> v.contains("container " + container + ": capabilities.drop lacks ALL"))
                    .anyMatch(v -> v.contains("container " + container + ": seccompProfile"))
                    .noneMatch(v -> v.contains("container " + container + ": allowPrivilegeEscalation"))
                    .noneMatch(v -> v.contains("container " + container + ": runAsNonRoot"));
        }
        // And num_tokens below 16 brings k8ssandra-operator's per-node-config init container, which no name can reach.
        Manifests fewTokens = Manifests.parse("""
                apiVersion: k8ssandra.io/v1alpha1
                kind: K8ssandraCluster
                metadata: {name: few}
                spec:
                  cassandra:
                    serverVersion: "5.0.6"
                    podSecurityContext: {runAsNonRoot: true, runAsUser: 999, seccompProfile: {type: RuntimeDefault}}
                    config: {cassandraYaml: {num_tokens: 8}}
                    datacenters:
                      - metadata: {name: dc1}
                        size: 1
                """);
        assertThat(RestrictedPodSecurity.violations(CassandraPods.of(fewTokens).get(0)))
                .anyMatch(v -> v.contains("container " + CassandraPods.PER_NODE_CONFIG + ": capabilities.drop lacks ALL"));
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiterString = "|", textBlock = """
            cassandra.podSecurityContext.runAsNonRoot        | false | runAsNonRoot
            cassandra.podSecurityContext.seccompProfile.type | Unconfined | type
            cassandra.securityContext.allowPrivilegeEscalation | true | allowPrivilegeEscalation
            cassandra.podSecurityContext.runAsUser           | 0 | runAsUser
            """)
    void valuesCannotLeaveRestricted(String key, String value, String mentioned) {
        assertThatThrownBy(() -> Chart.render(Profile.DEFAULT, Map.of(key, value)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(mentioned);
    }

    /** The namespace enforces restricted, in both places that make it; Strimzi's pods are made restricted by its provider. */
    @Test
    void theNamespaceEnforcesRestricted() throws IOException {
        Object namespace = Manifests.yaml(1024 * 1024).load(Files.readString(Chart.ROOT.resolve("k8s/manifests/000-Namespace-userstream.yaml")));
        assertThat(Yamls.stringMap(Yamls.at(namespace, "metadata", "labels")))
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                .doesNotContainKey("pod-security.kubernetes.io/enforce-version");
        String lib = Files.readString(Chart.ROOT.resolve("hack/lib.sh"));
        assertThat(lib).as("hack/lib.sh labels the namespace like k8s/manifests, POD_SECURITY overriding")
                .contains("\"pod-security.kubernetes.io/enforce=${POD_SECURITY:-restricted}\"")
                .contains("pod-security.kubernetes.io/warn=restricted")
                .contains("pod-security.kubernetes.io/audit=restricted");
        Object strimzi = Manifests.yaml(1024 * 1024).load(Files.readString(Chart.ROOT.resolve("k8s/operators/strimzi.values.yaml")));
        assertThat(Yamls.maps(strimzi, "extraEnvs")).as("Strimzi's Restricted Pod Security Provider")
                .anyMatch(e -> "STRIMZI_POD_SECURITY_PROVIDER_CLASS".equals(e.get("name")) && "restricted".equals(e.get("value")));
    }

    /**
     * Strimzi's Restricted Pod Security Provider yields to a security context the custom resource
     * supplies (its pod and container templates): the chart supplies none, so every Strimzi pod gets
     * the provider's restricted one.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void strimziResourcesLeaveSecurityContextsToTheRestrictedProvider(String profile, Manifests manifests) {
        List<Manifests.Resource> strimzi = manifests.where(r -> r.apiVersion().startsWith("kafka.strimzi.io/"));
        assertThat(strimzi).isNotEmpty();
        assertThat(strimzi).allSatisfy(r -> assertThat(r.body().toString()).as(r + " sets no security context")
                .doesNotContain("securityContext=").doesNotContain("SecurityContext="));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
