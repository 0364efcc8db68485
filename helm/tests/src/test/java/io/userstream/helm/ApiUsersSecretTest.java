package io.userstream.helm;

import com.marcnuri.helm.Release;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest API's users (README "Security"): a Secret the chart generates (random passwords, their
 * bcrypt hashes in key {@code users}) or an existing one, mounted into the ingest pod as a file
 * ({@code USERSTREAM_API_USERS_FILE}), only the hashes, never as env or in values; `helm test` and
 * NOTES.txt use the operator's password. Keeping it on upgrade needs a cluster (lookup): not here.
 * pipeline's ChartConfigurationRehearsalIT starts the service with the rendered Secret's file.
 */
class ApiUsersSecretTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void theGeneratedSecretHoldsHashesOfItsPasswordsAndOnlyTheHashesAreMounted(String name, Manifests manifests) {
        Manifests.Resource deployment = Workloads.ingestDeployment(manifests);
        String secretName = deployment.name() + "-api-users";
        Map<String, String> data = decoded(manifests.get("Secret", secretName));
        assertThat(data).containsOnlyKeys("users", "operator-password", "reader-password");

        Map<String, String[]> users = new LinkedHashMap<>();
        data.get("users").lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            String[] fields = l.split(":");
            assertThat(fields).as(l).hasSize(3);
            users.put(fields[0], fields);
        });
        assertThat(users).containsOnlyKeys("operator", "reader");
        assertThat(users.get("operator")[2]).isEqualTo("operator,reader");
        assertThat(users.get("reader")[2]).isEqualTo("reader");
        for (String user : List.of("operator", "reader")) {
            String password = data.get(user + "-password");
            assertThat(password).hasSize(32).matches("[A-Za-z0-9]+");
            assertThat(users.get(user)[1]).matches("\\$2a\\$10\\$[./A-Za-z0-9]{53}");
            assertThat(BCrypt.checkpw(password, users.get(user)[1])).as(user + "'s hash is of its password").isTrue();
            assertThat(data.get("users")).doesNotContain(password);
        }

        Map<String, Object> container = Workloads.ingestContainer(manifests);
        String file = Workloads.ingestEnv(manifests).get("USERSTREAM_API_USERS_FILE");
        String dir = file.substring(0, file.lastIndexOf('/'));
        assertThat(Workloads.secretMounts(deployment, container)).containsEntry(dir, secretName);
        Map<String, Object> volume = Yamls.maps(deployment.body(), "spec", "template", "spec", "volumes").stream()
                .filter(v -> secretName.equals(Yamls.string(v, "secret", "secretName"))).findFirst().orElseThrow();
        assertThat(Yamls.maps(volume, "secret", "items")).as("the plain passwords are not mounted")
                .containsExactly(Map.of("key", "users", "path", file.substring(file.lastIndexOf('/') + 1)));
        assertThat(Workloads.referencedSecrets(manifests).get(secretName)).containsExactly("users");

        // no password in anything else rendered: not in env, ConfigMaps or other resources
        for (Manifests.Resource resource : manifests.where(r -> !(r.kind().equals("Secret") && r.name().equals(secretName)))) {
            String text = resource.body().toString();
            for (String user : List.of("operator", "reader")) {
                assertThat(text).as(resource.toString()).doesNotContain(data.get(user + "-password"))
                        .doesNotContain(users.get(user)[1]);
            }
        }
    }

    @Test
    void anExistingSecretIsMountedAndNothingIsGenerated() {
        Manifests manifests = Chart.render(Chart.Profile.DEFAULT, Map.of("ingest.api.existingSecret", "my-api-users"));
        Manifests.Resource deployment = Workloads.ingestDeployment(manifests);
        assertThat(manifests.find("Secret", deployment.name() + "-api-users")).isEmpty();
        String file = Workloads.ingestEnv(manifests).get("USERSTREAM_API_USERS_FILE");
        assertThat(Workloads.secretMounts(deployment, Workloads.ingestContainer(manifests)))
                .containsEntry(file.substring(0, file.lastIndexOf('/')), "my-api-users");
        Manifests.Resource testPod = manifests.ofKind("Pod").stream().filter(p -> p.name().endsWith("-test-pipeline")).findFirst().orElseThrow();
        assertThat(testPod.body().toString()).contains("secretName=my-api-users");
    }

    @Test
    void valuesHoldNoPasswordAndTheTestPodAndNotesUseTheOperators() {
        for (String values : List.of("values.yaml", "values-kind.yaml", "values-production.yaml")) {
            assertThat(Chart.readChartFile(values)).as(values).doesNotContainPattern("(?i)password:\\s*\\S")
                    .doesNotContain("$2a$");
        }
        Manifests manifests = Renderings.get("kind");
        String secretName = Workloads.ingestDeployment(manifests).name() + "-api-users";
        Manifests.Resource pod = manifests.ofKind("Pod").stream().filter(p -> p.name().endsWith("-test-pipeline")).findFirst().orElseThrow();
        Map<String, Object> run = Yamls.maps(pod.body(), "spec", "initContainers").get(0);
        String script = String.valueOf(Yamls.list(run, "args"));
        assertThat(script).contains("Authorization: Basic %s").contains("/etc/userstream/api/operator-password");
        assertThat(Yamls.maps(run, "volumeMounts")).anySatisfy(m -> assertThat(m).containsEntry("mountPath", "/etc/userstream/api"));
        assertThat(pod.body().toString()).contains("secretName=" + secretName).contains("key=operator-password");

        Release release = Chart.helm().install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withKubeVersion(Chart.KUBE_VERSION).withValuesFile(Chart.DIR.resolve("values-kind.yaml"))
                .set("ingest.api.keepPasswordsOnUpgrade", "false") // helm-java's dry run calls the cluster for lookup
                .dryRun().clientOnly().call();
        assertThat(release.getOutput())
                .contains("kubectl -n userstream get secret " + secretName + " -o jsonpath='{.data.operator-password}' | base64 -d")
                .contains("kubectl -n userstream get secret " + secretName + " -o jsonpath='{.data.reader-password}' | base64 -d")
                .contains("curl -u \"operator:$(kubectl -n userstream get secret " + secretName);
    }

    private static Map<String, String> decoded(Manifests.Resource secret) {
        Map<String, String> data = new LinkedHashMap<>();
        Yamls.stringMap(Yamls.at(secret.body(), "data")).forEach((k, v) ->
                data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        return data;
    }
}
