package io.userstream.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pod mutation of spark-operator v2.5.2's webhook ({@code mutateSparkPod} in
 * internal/webhook/sparkpod_defaulter.go at tag v2.5.2), for the fields the chart sets: what
 * spark-submit cannot carry. It acts on pods labelled {@code sparkoperator.k8s.io/app-name} in a
 * watched namespace; the container is {@code spark-kubernetes-driver}/{@code -executor}, or else the
 * first one ({@code findContainer}).
 */
final class SparkOperatorWebhook {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private SparkOperatorWebhook() {
    }

    /** Mutates the pod in place, as the webhook's patch would; role is "driver" or "executor". */
    static void mutate(Pod pod, Manifests.Resource app, String role) {
        if (!app.name().equals(pod.getMetadata().getLabels().get(SparkOperatorSubmission.LABEL_APP_NAME))) {
            throw new AssertionError("the webhook only mutates pods labelled with their SparkApplication's name: "
                    + pod.getMetadata().getLabels());
        }
        Map<String, Object> r = Yamls.map(app.spec(), role);
        Container container = findContainer(pod, role);
        // addEnvVars
        for (Map<String, Object> env : Yamls.maps(r, "env")) {
            container.getEnv().add(JSON.convertValue(env, EnvVar.class));
        }
        // addVolumes: every mount of the role whose volume is in spec.volumes (spark-local-dir-* skipped).
        Map<String, Volume> volumes = new HashMap<>();
        for (Map<String, Object> v : Yamls.maps(app.spec(), "volumes")) {
            volumes.put(Yamls.string(v, "name"), JSON.convertValue(v, Volume.class));
        }
        Set<String> added = new HashSet<>();
        for (Map<String, Object> m : Yamls.maps(r, "volumeMounts")) {
            String name = Yamls.string(m, "name");
            if (name.startsWith("spark-local-dir-") || !volumes.containsKey(name)) {
                continue;
            }
            if (added.add(name)) {
                pod.getSpec().getVolumes().add(volumes.get(name));
            }
            container.getVolumeMounts().add(JSON.convertValue(m, VolumeMount.class));
        }
        // addContainerSecurityContext, addPodSecurityContext, addTerminationGracePeriodSeconds
        if (r.get("securityContext") != null) {
            container.setSecurityContext(JSON.convertValue(r.get("securityContext"), SecurityContext.class));
        }
        if (r.get("podSecurityContext") != null) {
            pod.getSpec().setSecurityContext(JSON.convertValue(r.get("podSecurityContext"), PodSecurityContext.class));
        }
        if (r.get("terminationGracePeriodSeconds") != null) {
            pod.getSpec().setTerminationGracePeriodSeconds(((Number) r.get("terminationGracePeriodSeconds")).longValue());
        }
    }

    private static Container findContainer(Pod pod, String role) {
        List<String> names = role.equals("driver")
                ? List.of(SparkOperatorSubmission.DRIVER_CONTAINER)
                : List.of("executor", SparkOperatorSubmission.EXECUTOR_CONTAINER);
        return pod.getSpec().getContainers().stream().filter(c -> names.contains(c.getName())).findFirst()
                .orElse(pod.getSpec().getContainers().get(0));
    }
}
