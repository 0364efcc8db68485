package io.userstream.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What kubeflow spark-operator v2.5.2 passes to spark-submit for a SparkApplication: a port of
 * {@code buildSparkSubmitArgs} and its option functions in
 * internal/controller/sparkapplication/submission.go at tag v2.5.2 (commit
 * 43afb8bbd32463037d8fb6e414e252c69081882b), with the constants of pkg/common/spark.go, in the same
 * order. Only what the userstream chart can render is ported; any other SparkApplication field the
 * chart starts to set fails here ({@link #PORTED_SPEC}, {@link #PORTED_ROLE}) until it is ported too,
 * so nothing the chart renders slips past the rehearsal.
 *
 * <p>Fields the operator does NOT hand to spark-submit (env, volumes and their mounts other than
 * {@code spark-local-dir-*}, security contexts, the grace period) are applied to the pods by its
 * mutating webhook: {@link SparkOperatorWebhook}.
 */
final class SparkOperatorSubmission {

    /** SparkApplication spec fields this port (plus the webhook's) understands. */
    static final Set<String> PORTED_SPEC = Set.of("type", "mode", "sparkVersion", "image", "imagePullPolicy",
            "imagePullSecrets", "mainClass", "mainApplicationFile", "arguments", "restartPolicy", "sparkConf",
            "volumes", "driver", "executor");
    /** Driver and executor fields this port (plus the webhook's) understands. */
    static final Set<String> PORTED_ROLE = Set.of("cores", "coreLimit", "memory", "instances", "serviceAccount",
            "labels", "annotations", "env", "secrets", "volumeMounts", "podSecurityContext", "securityContext",
            "terminationGracePeriodSeconds");

    /** The API server address the operator's pod sees (KUBERNETES_SERVICE_HOST/PORT). */
    static final String MASTER = "k8s://https://10.96.0.1:443";

    /** The label and container names of pkg/common/spark.go. */
    static final String LABEL_APP_NAME = "sparkoperator.k8s.io/app-name";
    static final String LABEL_LAUNCHED = "sparkoperator.k8s.io/launched-by-spark-operator";
    static final String LABEL_MUTATED = "sparkoperator.k8s.io/mutated-by-spark-operator";
    static final String LABEL_SUBMISSION_ID = "sparkoperator.k8s.io/submission-id";
    static final String DRIVER_CONTAINER = "spark-kubernetes-driver";
    static final String EXECUTOR_CONTAINER = "spark-kubernetes-executor";

    private final Manifests.Resource app;
    private final String namespace;
    private final String submissionId = UUID.randomUUID().toString();
    private final Path templateDir;

    SparkOperatorSubmission(Manifests.Resource app, String namespace, Path workDir) {
        this.app = app;
        this.namespace = namespace;
        this.templateDir = workDir.resolve(submissionId);
        List<String> unported = new ArrayList<>();
        app.spec().keySet().stream().filter(k -> !PORTED_SPEC.contains(k)).forEach(k -> unported.add("spec." + k));
        for (String role : List.of("driver", "executor")) {
            Yamls.map(app.spec(), role).keySet().stream().filter(k -> !PORTED_ROLE.contains(k))
                    .forEach(k -> unported.add("spec." + role + "." + k));
        }
        if (!unported.isEmpty()) {
            throw new AssertionError("the chart sets SparkApplication fields this rehearsal does not translate yet "
                    + "(port them from spark-operator's submission.go / sparkpod_defaulter.go): " + unported);
        }
    }

    String submissionId() {
        return submissionId;
    }

    /** Where {@link #args()} wrote the executor pod template. */
    String executorTemplateFile() {
        return templateDir.resolve("executor-pod-template.yaml").toString();
    }

    /** The arguments of `spark-submit`, in the order of buildSparkSubmitArgs. */
    List<String> args() {
        Map<String, Object> spec = app.spec();
        List<String> args = new ArrayList<>();
        // masterOption, deployModeOption, mainClassOption, nameOption
        args.addAll(List.of("--master", MASTER, "--deploy-mode", Yamls.string(spec, "mode")));
        if (spec.containsKey("mainClass")) {
            args.addAll(List.of("--class", Yamls.string(spec, "mainClass")));
        }
        args.addAll(List.of("--name", app.name()));
        // loadSparkDefaultsOption: feature gate LoadSparkDefaults is off by default. dependenciesOption: no deps.
        // namespaceOption
        conf(args, "spark.kubernetes.namespace", namespace);
        // imageOption
        if (spec.get("image") != null && !Yamls.string(spec, "image").isEmpty()) {
            conf(args, "spark.kubernetes.container.image", Yamls.string(spec, "image"));
        }
        if (spec.get("imagePullPolicy") != null) {
            conf(args, "spark.kubernetes.container.image.pullPolicy", Yamls.string(spec, "imagePullPolicy"));
        }
        List<Object> pullSecrets = Yamls.list(spec, "imagePullSecrets");
        if (!pullSecrets.isEmpty()) {
            conf(args, "spark.kubernetes.container.image.pullSecrets",
                    String.join(",", pullSecrets.stream().map(String::valueOf).toList()));
        }
        // pythonVersionOption, memoryOverheadFactorOption: not set by the chart.
        // submissionWaitAppCompletionOption
        conf(args, "spark.kubernetes.submission.waitAppCompletion", "false");
        // sparkConfOption (the driver pod name key is skipped: driverPodNameOption sets it)
        Yamls.stringMap(spec.get("sparkConf")).forEach((k, v) -> {
            if (!k.equals("spark.kubernetes.driver.pod.name")) {
                conf(args, k, v);
            }
        });
        // hadoopConfOption: none. driverPodTemplateOption
        conf(args, "spark.kubernetes.driver.podTemplateFile", writeTemplate("driver", DRIVER_CONTAINER));
        conf(args, "spark.kubernetes.driver.podTemplateContainerName", DRIVER_CONTAINER);
        // driverPodNameOption
        String driverPodName = Yamls.stringMap(spec.get("sparkConf"))
                .getOrDefault("spark.kubernetes.driver.pod.name", app.name() + "-driver");
        conf(args, "spark.kubernetes.driver.pod.name", driverPodName);
        // driverConfOption
        roleConf(args, "driver");
        // driverEnvOption (deprecated envVars): not set by the chart. driverSecretOption
        secrets(args, "driver");
        // driverVolumeMountsOption: only spark-local-dir-* volumes go through spark-submit.
        localDirMounts(args, "driver");
        // executorPodTemplateOption
        conf(args, "spark.kubernetes.executor.podTemplateFile", writeTemplate("executor", EXECUTOR_CONTAINER));
        conf(args, "spark.kubernetes.executor.podTemplateContainerName", EXECUTOR_CONTAINER);
        // executorConfOption
        roleConf(args, "executor");
        // executorEnvOption: none. executorSecretOption
        secrets(args, "executor");
        localDirMounts(args, "executor");
        // nodeSelectorOption, dynamicAllocationOption, proxyUserOption: not set by the chart.
        // mainApplicationFileOption, applicationOption
        if (spec.containsKey("mainApplicationFile")) {
            args.add(Yamls.string(spec, "mainApplicationFile"));
        }
        Yamls.list(spec, "arguments").forEach(a -> args.add(String.valueOf(a)));
        return args;
    }

    private void roleConf(List<String> args, String role) {
        Map<String, Object> spec = app.spec();
        Map<String, Object> r = Yamls.map(spec, role);
        String label = "spark.kubernetes." + role + ".label.";
        conf(args, label + LABEL_APP_NAME, app.name());
        conf(args, label + LABEL_LAUNCHED, "true");
        // No pod template in the spec: the webhook mutates the pods (sparkVersion >= 3.0.0 either way).
        conf(args, label + LABEL_MUTATED, "true");
        conf(args, label + LABEL_SUBMISSION_ID, submissionId);
        if (role.equals("executor") && r.containsKey("instances")) {
            conf(args, "spark.executor.instances", Yamls.string(r, "instances"));
        }
        if (spec.get("image") != null && !Yamls.string(spec, "image").isEmpty()) {
            conf(args, "spark.kubernetes." + role + ".container.image", Yamls.string(spec, "image"));
        }
        if (r.containsKey("cores")) {
            // %d in Go: the CRD types cores as an integer.
            conf(args, "spark." + role + ".cores", String.valueOf(((Number) r.get("cores")).intValue()));
        }
        if (r.containsKey("coreLimit")) {
            conf(args, "spark.kubernetes." + role + ".limit.cores", Yamls.string(r, "coreLimit"));
        }
        if (r.containsKey("memory")) {
            conf(args, "spark." + role + ".memory", Yamls.string(r, "memory"));
        }
        if (r.containsKey("serviceAccount")) {
            conf(args, "spark.kubernetes.authenticate." + role + ".serviceAccountName", Yamls.string(r, "serviceAccount"));
        }
        // The SparkApplication's own labels go to both pods, then the role's labels and annotations.
        app.labels().forEach((k, v) -> {
            if (!k.startsWith("kueue.x-k8s.io/")) {
                conf(args, label + k, v);
            }
        });
        Yamls.stringMap(r.get("labels")).forEach((k, v) -> conf(args, label + k, v));
        Yamls.stringMap(r.get("annotations"))
                .forEach((k, v) -> conf(args, "spark.kubernetes." + role + ".annotation." + k, v));
    }

    private void secrets(List<String> args, String role) {
        for (Map<String, Object> secret : Yamls.maps(app.spec(), role, "secrets")) {
            String type = Yamls.string(secret, "secretType");
            if (!"Generic".equals(type)) {
                throw new AssertionError("secretType " + type + " adds env the rehearsal does not port");
            }
            conf(args, "spark.kubernetes." + role + ".secrets." + Yamls.string(secret, "name"), Yamls.string(secret, "path"));
        }
    }

    private void localDirMounts(List<String> args, String role) {
        boolean any = Yamls.maps(app.spec(), role, "volumeMounts").stream()
                .anyMatch(m -> Yamls.string(m, "name").startsWith("spark-local-dir-"));
        if (any) {
            throw new AssertionError("spark-local-dir-* volumes go through spark-submit confs: port driverVolumeMountsOption");
        }
    }

    /** The operator writes a pod template holding just the named container and its owner reference. */
    private String writeTemplate(String role, String container) {
        String yaml = """
                metadata:
                  ownerReferences:
                    - apiVersion: sparkoperator.k8s.io/v1beta2
                      kind: SparkApplication
                      name: %s
                      uid: %s
                      controller: %s
                      blockOwnerDeletion: %s
                spec:
                  containers:
                    - name: %s
                """.formatted(app.name(), UUID.nameUUIDFromBytes(app.name().getBytes()),
                role.equals("driver"), role.equals("driver"), container);
        try {
            Files.createDirectories(templateDir);
            Path file = templateDir.resolve(role + "-pod-template.yaml");
            Files.writeString(file, yaml);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void conf(List<String> args, String key, String value) {
        args.add("--conf");
        args.add(key + "=" + value);
    }
}
