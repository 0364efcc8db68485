package io.userstream.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rendered SparkApplication, submitted as the cluster would: spark-operator v2.5.2 turns it into
 * spark-submit arguments ({@link SparkOperatorSubmission}), Spark 4.0's submission code (the
 * operator image's) builds the driver pod from them ({@link SparkKubernetesSubmit}), the operator's
 * webhook adds what spark-submit cannot carry ({@link SparkOperatorWebhook}). The driver pod must be
 * the one the chart means. This is the check that would have caught `spark-role` in the pod labels
 * (Spark refuses the submission: "Label with key spark-role is not allowed").
 */
class SparkSubmissionRehearsalTest {

    @TempDir
    static Path work;

    private static SparkKubernetesSubmit spark;

    @BeforeAll
    static void client() {
        spark = new SparkKubernetesSubmit();
    }

    @AfterAll
    static void close() {
        spark.close();
    }

    /** One rehearsed submission of a rendering. */
    private record Rehearsal(Manifests manifests, Manifests.Resource app, SparkOperatorSubmission operator,
                             SparkKubernetesSubmit.Driver driver, Pod driverPod, Pod executorPod) {

        Map<String, Object> role(String role) {
            return Yamls.map(app.spec(), role);
        }
    }

    private static Rehearsal rehearse(Manifests manifests) {
        Manifests.Resource app = Workloads.sparkApplication(manifests);
        return rehearse(manifests, app);
    }

    private static Rehearsal rehearse(Manifests manifests, Manifests.Resource app) {
        SparkOperatorSubmission operator = new SparkOperatorSubmission(app, Chart.NAMESPACE, work);
        SparkKubernetesSubmit.Driver driver = spark.submit(operator.args());
        Pod driverPod = driver.pod();
        SparkOperatorWebhook.mutate(driverPod, app, "driver");
        Pod executorPod = spark.executor(driver, operator.executorTemplateFile());
        SparkOperatorWebhook.mutate(executorPod, app, "executor");
        return new Rehearsal(manifests, app, operator, driver, driverPod, executorPod);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> renderings() {
        return Renderings.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void sparkBuildsTheDriverPodTheChartMeans(String name, Manifests manifests) {
        Rehearsal r = rehearse(manifests);
        Pod pod = r.driverPod();
        Container c = container(pod, SparkOperatorSubmission.DRIVER_CONTAINER);
        Map<String, Object> spec = r.app().spec();

        assertThat(pod.getMetadata().getName()).isEqualTo(r.app().name() + "-driver");
        assertThat(c.getImage()).isEqualTo(Yamls.string(spec, "image"));
        assertThat(c.getImagePullPolicy()).isEqualTo(Yamls.string(spec, "imagePullPolicy"));
        // The main class and the jar reach the driver's command line.
        assertThat(c.getArgs()).as("driver args").containsSubsequence(
                "driver", "--properties-file", "--class", Yamls.string(spec, "mainClass"),
                Yamls.string(spec, "mainApplicationFile"));
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(Yamls.string(r.role("driver"), "serviceAccount"));
        assertThat(r.manifests().find("ServiceAccount", pod.getSpec().getServiceAccountName()))
                .as("the driver's ServiceAccount is rendered").isPresent();
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(((Number) r.role("driver").get("terminationGracePeriodSeconds")).longValue());
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");

        // Every variable of the chart reaches the container with its value.
        Map<String, String> env = env(c);
        assertThat(env).containsAllEntriesOf(Workloads.sparkEnv(r.manifests(), "driver"));
        // What the Spark 3.5 image's entrypoint reads for `driver` (pairing: k8s/README.md).
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("SPARK_DRIVER_BIND_ADDRESS");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        });

        assertCheckpointMounted(r, pod, c, env);
        assertSecretsMounted(r, pod, c, env, "driver");
        assertResources(r, c, "driver");

        // The UI port: the container's, the one the operator's UI service targets (4040 unless
        // spark.ui.port says otherwise) and the one the scrape annotation names.
        String uiPort = Yamls.stringMap(spec.get("sparkConf")).getOrDefault("spark.ui.port", "4040");
        assertThat(c.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .contains(org.assertj.core.groups.Tuple.tuple("spark-ui", Integer.parseInt(uiPort)));
        Map<String, String> annotations = Yamls.stringMap(r.role("driver").get("annotations"));
        if (annotations.containsKey("prometheus.io/port")) {
            assertThat(annotations.get("prometheus.io/port")).isEqualTo(uiPort);
        }
        assertThat(pod.getMetadata().getAnnotations()).containsAllEntriesOf(annotations);

        assertLabels(r, pod, "driver");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void theExecutorPodGetsTheSameSettingsAndSecrets(String name, Manifests manifests) {
        Rehearsal r = rehearse(manifests);
        Pod pod = r.executorPod();
        Container c = container(pod, SparkOperatorSubmission.EXECUTOR_CONTAINER);
        assertThat(c.getImage()).isEqualTo(Yamls.string(r.app().spec(), "image"));
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(Yamls.string(r.role("executor"), "serviceAccount"));
        Map<String, String> env = env(c);
        assertThat(env).containsAllEntriesOf(Workloads.sparkEnv(r.manifests(), "executor"));
        assertSecretsMounted(r, pod, c, env, "executor");
        assertResources(r, c, "executor");
        assertLabels(r, pod, "executor");
    }

    @Test
    void sparkRefusesTheReservedSparkRoleLabelAsItWouldInTheCluster() {
        // The deploy blocker, put back by hand: the rehearsal must fail the way spark-submit failed.
        Manifests manifests = Renderings.get("kind");
        Manifests.Resource app = Workloads.sparkApplication(manifests);
        Map<String, Object> body = deepCopy(app.body());
        Map<String, Object> labels = new LinkedHashMap<>(Yamls.map(body, "spec", "driver", "labels"));
        labels.put("spark-role", "driver");
        Yamls.map(body, "spec", "driver").put("labels", labels);
        assertThatThrownBy(() -> rehearse(manifests, new Manifests.Resource(body)))
                .hasStackTraceContaining("Label with key spark-role is not allowed as it is reserved for Spark bookkeeping operations");
    }

    @Test
    void theDriverPropertiesFromSparkFourAreOnesSparkThreeFiveReads() {
        // Spark 4.0's spark-submit writes the properties file the job's Spark 3.5 driver starts with
        // (`driver --properties-file ...` in the 3.5 image's entrypoint). Every key it adds on its own
        // (not from the SparkApplication) must be one 3.5 knows; this list was checked against
        // Spark 3.5.4's Config.scala / package.scala. A new key after an operator upgrade fails here
        // until someone checks it the same way (see k8s/README.md, "Operator and Spark versions").
        Rehearsal r = rehearse(Renderings.get("kind"));
        Set<String> fromApp = new TreeSet<>();
        List<String> args = r.operator().args();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--conf")) {
                fromApp.add(args.get(i + 1).substring(0, args.get(i + 1).indexOf('=')));
            }
        }
        Set<String> addedBySubmit = r.driver().properties().keySet().stream()
                .filter(k -> !fromApp.contains(k))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(addedBySubmit).isSubsetOf(SPARK_35_KNOWN_SUBMIT_KEYS);
    }

    /**
     * Keys Spark 4.0's submission adds to the driver's properties, each also defined (same meaning)
     * in Spark 3.5.4: SparkSubmit (spark.master, spark.submit.*, spark.app.name, spark.jars,
     * spark.app.submitTime), BasicDriverFeatureStep (spark.app.id, spark.driver.host/port,
     * spark.driver.blockManager.port, spark.kubernetes.submitInDriver, spark.kubernetes.memoryOverheadFactor,
     * spark.kubernetes.executor.podNamePrefix), DriverServiceFeatureStep and KubernetesClientApplication
     * (spark.kubernetes.driver.pod.name), DriverCommandFeatureStep (spark.kubernetes.resource.type).
     */
    private static final Set<String> SPARK_35_KNOWN_SUBMIT_KEYS = Set.of(
            "spark.app.id", "spark.app.name", "spark.app.submitTime", "spark.master", "spark.jars",
            "spark.submit.deployMode", "spark.submit.pyFiles",
            "spark.driver.host", "spark.driver.port", "spark.driver.blockManager.port",
            "spark.kubernetes.submitInDriver", "spark.kubernetes.memoryOverheadFactor",
            "spark.kubernetes.executor.podNamePrefix", "spark.kubernetes.resource.type",
            "spark.kubernetes.driver.pod.name");

    /**
     * The batch layer's ScheduledSparkApplication: the operator creates a SparkApplication from its
     * template at each run; that one goes through the same submission and webhook as the stream's.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void eachScheduledBatchRunIsSubmittedWithTheStreamsImageAccountAndSecrets(String name, Manifests manifests) {
        Manifests.Resource scheduled = manifests.single("ScheduledSparkApplication");
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("apiVersion", scheduled.apiVersion());
        body.put("kind", "SparkApplication");
        body.put("metadata", Map.of("name", scheduled.name() + "-1764727200000000000", "namespace", Chart.NAMESPACE));
        body.put("spec", deepCopy(Yamls.map(scheduled.spec(), "template")));
        Rehearsal r = rehearse(manifests, new Manifests.Resource(body));
        for (String role : List.of("driver", "executor")) {
            Pod pod = role.equals("driver") ? r.driverPod() : r.executorPod();
            Container c = container(pod, role.equals("driver") ? SparkOperatorSubmission.DRIVER_CONTAINER
                    : SparkOperatorSubmission.EXECUTOR_CONTAINER);
            assertThat(c.getImage()).isEqualTo(Yamls.string(Workloads.sparkApplication(manifests).spec(), "image"));
            assertThat(pod.getSpec().getServiceAccountName())
                    .isEqualTo(Yamls.string(Workloads.sparkApplication(manifests).spec(), role, "serviceAccount"));
            Map<String, String> env = env(c);
            for (Map<String, Object> variable : Yamls.maps(r.role(role), "env")) {
                assertThat(env).containsEntry(Yamls.string(variable, "name"), Yamls.string(variable, "value"));
            }
            assertSecretsMounted(r, pod, c, env, role);
            assertResources(r, c, role);
            assertThat(pod.getMetadata().getLabels()).containsEntry("spark-role", role)
                    .containsEntry("app.kubernetes.io/component", "batch");
        }
        assertThat(container(r.driverPod(), SparkOperatorSubmission.DRIVER_CONTAINER).getArgs())
                .containsSubsequence("--class", "io.userstream.spark.BatchJob");
    }

    private static void assertCheckpointMounted(Rehearsal r, Pod pod, Container c, Map<String, String> env) {
        String location = env.get("SPARK_CHECKPOINT_LOCATION");
        assertThat(location).as("SPARK_CHECKPOINT_LOCATION").isNotBlank();
        VolumeMount mount = c.getVolumeMounts().stream()
                .filter(m -> location.equals(m.getMountPath()) || location.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + location + ": " + c.getVolumeMounts()));
        Volume volume = volume(pod, mount.getName());
        assertThat(volume.getPersistentVolumeClaim()).as("checkpoint volume is a PVC").isNotNull();
        assertThat(mount.getReadOnly()).as("checkpoint is writable").isNotEqualTo(Boolean.TRUE);
        assertThat(r.manifests().find("PersistentVolumeClaim", volume.getPersistentVolumeClaim().getClaimName()))
                .as("the checkpoint PVC is rendered").isPresent();
    }

    private static void assertSecretsMounted(Rehearsal r, Pod pod, Container c, Map<String, String> env, String role) {
        Map<String, String> wanted = Workloads.sparkSecretMounts(r.manifests(), role);
        assertThat(wanted).as("secrets of " + role).isNotEmpty();
        wanted.forEach((path, secret) -> {
            VolumeMount mount = c.getVolumeMounts().stream().filter(m -> path.equals(m.getMountPath())).findFirst()
                    .orElseThrow(() -> new AssertionError(secret + " not mounted at " + path + ": " + c.getVolumeMounts()));
            assertThat(volume(pod, mount.getName()).getSecret().getSecretName()).isEqualTo(secret);
        });
        // Each *_FILE variable points at a file inside one of those secret mounts.
        env.forEach((name, value) -> {
            if (name.endsWith("_FILE")) {
                assertThat(wanted.keySet()).as(name + "=" + value + " lies in a mounted secret")
                        .anyMatch(path -> value.startsWith(path + "/"));
            }
        });
    }

    private static void assertResources(Rehearsal r, Container c, String role) {
        Map<String, Object> spec = r.role(role);
        long heapMiB = mebibytes(Yamls.string(spec, "memory"));
        // Spark's JVM overhead: max(10 %, 384 MiB) (memoryOverheadFactor 0.1, minimum 384).
        long podMiB = heapMiB + Math.max(384, (long) (heapMiB * 0.1));
        Quantity memory = new Quantity(podMiB + "Mi");
        assertThat(Quantity.getAmountInBytes(c.getResources().getRequests().get("memory")))
                .isEqualTo(Quantity.getAmountInBytes(memory));
        assertThat(Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")))
                .isEqualTo(Quantity.getAmountInBytes(memory));
        assertThat(Quantity.getAmountInBytes(c.getResources().getRequests().get("cpu")))
                .isEqualTo(Quantity.getAmountInBytes(new Quantity(Yamls.string(spec, "cores"))));
        assertThat(Quantity.getAmountInBytes(c.getResources().getLimits().get("cpu")))
                .isEqualTo(Quantity.getAmountInBytes(new Quantity(Yamls.string(spec, "coreLimit"))));
    }

    private static void assertLabels(Rehearsal r, Pod pod, String role) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        assertThat(labels).containsAllEntriesOf(Yamls.stringMap(r.role(role).get("labels")));
        assertThat(labels).containsEntry("spark-role", role)
                .containsEntry(SparkOperatorSubmission.LABEL_APP_NAME, r.app().name())
                .containsEntry(SparkOperatorSubmission.LABEL_SUBMISSION_ID, r.operator().submissionId())
                .containsEntry("app.kubernetes.io/component", "spark");
        // Pod labels never carry versions: a chart upgrade alone must not change the pods.
        assertThat(labels).doesNotContainKeys("helm.sh/chart", "app.kubernetes.io/version");
    }

    private static long mebibytes(String javaMemory) {
        String s = javaMemory.toLowerCase();
        long n = Long.parseLong(s.replaceAll("[a-z]+$", ""));
        return switch (s.replaceAll("^[0-9]+", "")) {
            case "m", "mb" -> n;
            case "g", "gb" -> n * 1024;
            default -> throw new AssertionError("unexpected Spark memory " + javaMemory);
        };
    }

    private static Container container(Pod pod, String name) {
        return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in " + pod.getSpec().getContainers()));
    }

    private static Volume volume(Pod pod, String name) {
        return pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static Map<String, String> env(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return (T) copy;
        }
        if (node instanceof List<?> list) {
            return (T) list.stream().map(SparkSubmissionRehearsalTest::deepCopy).collect(Collectors.toList());
        }
        return node;
    }
}
