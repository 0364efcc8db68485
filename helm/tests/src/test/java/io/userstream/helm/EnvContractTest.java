package io.userstream.helm;

import io.userstream.helm.Chart.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart sets no environment variable an application ignores, and every {@code *_FILE} variable
 * names a file inside a volume the container mounts. What the applications read comes from their
 * sources, not from a list kept here:
 * <ul>
 * <li>spark-app: the {@code public static final String X = "X"} constants of JobSettings;</li>
 * <li>ingest-service: the {@code ${ENV:default}} expressions of application.properties, the names
 * its code reads from the environment map ({@code env.get("X")}, {@code System.getenv("X")}), and
 * {@code X_FILE} for every {@code X} of SecretFilesConfigSource's {@code FILE_BACKED} set.</li>
 * </ul>
 * SmallRye's implicit mapping of any variable onto a {@code userstream.*} key (USERSTREAM_RANDOMUSER_NAT)
 * is deliberately not counted: the chart sets only the names application.properties spells out.
 */
class EnvContractTest {

    static final Path JOB_SETTINGS = Chart.ROOT.resolve("spark-app/src/main/java/io/userstream/spark/JobSettings.java");
    static final Path INGEST_PROPERTIES = Chart.ROOT.resolve("ingest-service/src/main/resources/application.properties");
    static final Path INGEST_SOURCES = Chart.ROOT.resolve("ingest-service/src/main/java");
    static final Path SECRET_FILES_SOURCE = INGEST_SOURCES.resolve("io/userstream/ingest/config/SecretFilesConfigSource.java");

    private static final Pattern NAME_CONSTANT =
            Pattern.compile("public\\s+static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"\\1\"\\s*;");
    /** {@code ${NAME}} or {@code ${NAME:default}}: upper case only, `${userstream.topic}` is a property. */
    private static final Pattern PROPERTY_EXPRESSION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern ENV_LOOKUP =
            Pattern.compile("\\b(?:env\\s*\\.\\s*(?:get|getOrDefault|containsKey)|System\\s*\\.\\s*getenv)\\(\\s*\"([A-Z][A-Z0-9_]*)\"");
    private static final Pattern FILE_BACKED =
            Pattern.compile("FILE_BACKED\\s*=\\s*Set\\.of\\(([^)]*)\\)");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9_]*)\"");

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
        assertThat(sparkAppVariables()).as("spark-app JobSettings")
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

    /** Names spark-app reads: JobSettings' {@code public static final String X = "X"}. */
    static Set<String> sparkAppVariables() {
        Set<String> names = new TreeSet<>();
        Matcher m = NAME_CONSTANT.matcher(read(JOB_SETTINGS, "spark-app's environment names"));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).as("`public static final String X = \"X\"` constants in %s", JOB_SETTINGS).isNotEmpty();
        return names;
    }

    /** Names ingest-service reads: application.properties expressions, env lookups in its code, X_FILE of secrets. */
    static Set<String> ingestServiceVariables() {
        Set<String> names = new TreeSet<>();
        Matcher m = PROPERTY_EXPRESSION.matcher(withoutComments(read(INGEST_PROPERTIES, "ingest-service's configuration")));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).as("`${ENV:default}` expressions in %s", INGEST_PROPERTIES).isNotEmpty();
        if (!Files.isDirectory(INGEST_SOURCES)) {
            throw new AssertionError("ingest-service's sources are missing: " + INGEST_SOURCES);
        }
        try (Stream<Path> files = Files.walk(INGEST_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher lookup = ENV_LOOKUP.matcher(read(file, "ingest-service source"));
                while (lookup.find()) {
                    names.add(lookup.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.addAll(fileBackedVariables());
        return names;
    }

    /** X_FILE for each X that SecretFilesConfigSource reads from a file. */
    private static List<String> fileBackedVariables() {
        String source = read(SECRET_FILES_SOURCE, "ingest-service's secret-files config source");
        Matcher set = FILE_BACKED.matcher(source);
        if (!set.find() || !source.contains("+ \"_FILE\"")) {
            throw new AssertionError(SECRET_FILES_SOURCE + " no longer maps `X_FILE` to `X` through a"
                    + " `FILE_BACKED = Set.of(...)` set: update EnvContractTest to how ingest-service reads secret files");
        }
        List<String> names = new ArrayList<>();
        Matcher literal = STRING_LITERAL.matcher(set.group(1));
        while (literal.find()) {
            names.add(literal.group(1) + "_FILE");
        }
        assertThat(names).as("FILE_BACKED in %s", SECRET_FILES_SOURCE).isNotEmpty();
        return names;
    }

    private static String withoutComments(String properties) {
        return properties.lines().filter(line -> !line.stripLeading().startsWith("#") && !line.stripLeading().startsWith("!"))
                .reduce("", (a, b) -> a + b + "\n");
    }

    private static String read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(what + " is missing: " + file + " (EnvContractTest checks the chart's"
                    + " environment against it; if it moved, update the path in EnvContractTest)");
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readers() {
        return "sources: " + Chart.ROOT.relativize(INGEST_PROPERTIES) + ", " + Chart.ROOT.relativize(INGEST_SOURCES);
    }
}
