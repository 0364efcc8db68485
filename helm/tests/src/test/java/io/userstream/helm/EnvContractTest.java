package io.userstream.helm;

import io.userstream.contract.env.EnvVar;
import io.userstream.helm.Chart.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart sets no environment variable an application ignores, and every {@code *_FILE} variable
 * names a file inside a volume the container mounts. What the applications read comes from contract's
 * {@link EnvVar}, the one list; each application has its own test that it reads exactly its variables
 * of that list (spark-app's JobSettingsTest, ingest-service's EnvironmentContractTest), so the chart,
 * the list and the code cannot drift apart unnoticed.
 * SmallRye's implicit mapping of any variable onto a {@code userstream.*} key (USERSTREAM_RANDOMUSER_NAT)
 * is deliberately not counted: the chart sets only the names the contract spells out.
 */
class EnvContractTest {

    /** Renderings plus one that sets the optional variables (batch size), rendered once. */
    private static volatile Manifests withOptionalVariables;

    static Stream<Object[]> renderings() {
        if (withOptionalVariables == null) {
            withOptionalVariables = Chart.render(Profile.PRODUCTION, Map.of("spark.cassandraWrite.batchSizeRows", "64"));
        }
        return Stream.concat(Renderings.all().map(arguments -> arguments.get()),
                Stream.<Object[]>of(new Object[] {"production+batch-size", withOptionalVariables}));
    }

    @Test
    void theApplicationsSourcesDeclareTheirVariables() {
        assertThat(sparkAppVariables()).as("spark-app")
                .contains("KAFKA_BOOTSTRAP_SERVERS", "CASSANDRA_PASSWORD_FILE", "SPARK_CHECKPOINT_LOCATION")
                .noneMatch(name -> name.startsWith("DEFAULT_"));
        assertThat(ingestServiceVariables()).as("ingest-service")
                .contains("KAFKA_BOOTSTRAP_SERVERS", "USERSTREAM_SOURCE", "KAFKA_SECURITY_PROTOCOL",
                        "KAFKA_SASL_PASSWORD_FILE", "CASSANDRA_USERNAME_FILE", "CASSANDRA_PASSWORD_FILE");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void ingestGetsOnlyVariablesItReads(String profile, Manifests manifests) {
        assertThat(Workloads.ingestEnv(manifests).keySet()).as("ingest env not read by ingest-service (%s)", readers())
                .isSubsetOf(ingestServiceVariables());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void sparkGetsOnlyVariablesItReads(String profile, Manifests manifests) {
        for (String role : List.of("driver", "executor")) {
            assertThat(Workloads.sparkEnv(manifests, role).keySet()).as("spark %s env not read by JobSettings", role)
                    .isSubsetOf(sparkAppVariables());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void fileVariablesPointIntoMountedVolumes(String profile, Manifests manifests) {
        assertFilesMounted(manifests);
    }

    /** The checks above fail on a variable nobody reads and on a file outside every mount. */
    @Test
    void theChecksCatchAnUnreadVariableAndAnUnmountedFile() {
        Manifests manifests = Chart.render(Profile.KIND, Map.of(
                "ingest.extraEnv[0].name", "USERSTREAM_NOT_A_SETTING", "ingest.extraEnv[0].value", "x",
                "ingest.extraEnv[1].name", "KAFKA_SASL_PASSWORD_FILE", "ingest.extraEnv[1].value", "/etc/nowhere/password"));
        assertThat(Workloads.ingestEnv(manifests).keySet())
                .filteredOn(name -> !ingestServiceVariables().contains(name)).containsExactly("USERSTREAM_NOT_A_SETTING");
        assertThatThrownBy(() -> assertFilesMounted(manifests))
                .hasMessageContaining("KAFKA_SASL_PASSWORD_FILE=/etc/nowhere/password is not a file directly inside a mounted volume");
    }

    private static void assertFilesMounted(Manifests manifests) {
        Map<String, Object> container = Workloads.ingestContainer(manifests);
        assertFilesMounted("ingest", Workloads.ingestEnv(manifests), ingestMounts(Workloads.ingestDeployment(manifests), container));
        for (String role : List.of("driver", "executor")) {
            Map<String, Set<String>> mounts = new LinkedHashMap<>();
            Workloads.sparkSecretMounts(manifests, role).keySet().forEach(path -> mounts.put(path, Set.of()));
            Yamls.maps(Workloads.sparkApplication(manifests).spec(), role, "volumeMounts")
                    .forEach(mount -> mounts.put(Yamls.string(mount, "mountPath"), Set.of()));
            assertFilesMounted("spark " + role, Workloads.sparkEnv(manifests, role), mounts);
        }
    }

    /** Every X_FILE is an absolute path directly in a mount; with `items`, one of the files they project. */
    private static void assertFilesMounted(String client, Map<String, String> env, Map<String, Set<String>> mounts) {
        List<String> fileVariables = env.keySet().stream().filter(name -> name.endsWith("_FILE")).toList();
        assertThat(fileVariables).as(client).isNotEmpty();
        for (String name : fileVariables) {
            String file = env.get(name);
            assertThat(file).as("%s %s", client, name).isNotBlank().startsWith("/");
            Path path = Path.of(file).normalize();
            Map.Entry<String, Set<String>> mount = mounts.entrySet().stream()
                    .filter(m -> path.getParent() != null && path.getParent().equals(Path.of(m.getKey()).normalize()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(client + ": " + name + "=" + file
                            + " is not a file directly inside a mounted volume; mounts: " + mounts.keySet()));
            if (!mount.getValue().isEmpty()) {
                assertThat(mount.getValue()).as("%s %s: files projected into %s", client, name, mount.getKey())
                        .contains(path.getFileName().toString());
            }
        }
    }

    /** Mount path -> files projected by the volume's `items` (empty: the whole volume). */
    private static Map<String, Set<String>> ingestMounts(Manifests.Resource deployment, Map<String, Object> container) {
        Map<String, Set<String>> itemsByVolume = new LinkedHashMap<>();
        for (Map<String, Object> volume : Yamls.maps(deployment.body(), "spec", "template", "spec", "volumes")) {
            Set<String> items = new TreeSet<>();
            for (String source : List.of("secret", "configMap")) {
                Yamls.maps(volume, source, "items").forEach(item -> items.add(Yamls.string(item, "path")));
            }
            itemsByVolume.put(Yamls.string(volume, "name"), items);
        }
        Map<String, Set<String>> mounts = new LinkedHashMap<>();
        for (Map<String, Object> mount : Yamls.maps(container, "volumeMounts")) {
            String volume = Yamls.string(mount, "name");
            assertThat(itemsByVolume).as("volume of mount %s", volume).containsKey(volume);
            mounts.put(Yamls.string(mount, "mountPath"), itemsByVolume.get(volume));
        }
        return mounts;
    }

    /** Names spark-app reads, from the contract. */
    static Set<String> sparkAppVariables() {
        return EnvVar.namesReadBy(EnvVar.Reader.SPARK);
    }

    /** Names ingest-service reads, from the contract. */
    static Set<String> ingestServiceVariables() {
        return EnvVar.namesReadBy(EnvVar.Reader.INGEST);
    }

    private static String readers() {
        return "contract's EnvVar, Reader.INGEST";
    }
}
