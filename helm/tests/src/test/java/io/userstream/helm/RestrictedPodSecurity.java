package io.userstream.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The checks of the {@code restricted} Pod Security Standard (with those of {@code baseline} it
 * includes) that a pod spec shows without a cluster, as the Pod Security admission controller
 * applies them (https://kubernetes.io/docs/concepts/security/pod-security-standards/, policy
 * version "latest"): one message per violation, naming the pod and container. Not covered: AppArmor
 * and SELinux options, /proc mount type, sysctls and Windows host processes (nothing here sets them).
 */
final class RestrictedPodSecurity {

    /** The volume types restricted allows. */
    private static final Set<String> VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");

    private RestrictedPodSecurity() {
    }

    static List<String> violations(RenderedPods pod) {
        List<String> found = new ArrayList<>();
        Map<String, Object> spec = pod.spec();
        Map<String, Object> podContext = Yamls.map(spec, "securityContext");
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Boolean.TRUE.equals(spec.get(host))) {
                found.add(pod + ": " + host);
            }
        }
        for (Map<String, Object> volume : Yamls.maps(spec, "volumes")) {
            volume.keySet().stream().filter(k -> !k.equals("name") && !VOLUME_TYPES.contains(k))
                    .forEach(type -> found.add(pod + ": volume " + volume.get("name") + " of type " + type));
        }
        if (Integer.valueOf(0).equals(podContext.get("runAsUser"))) {
            found.add(pod + ": pod runAsUser 0");
        }
        if (pod.containers().isEmpty()) {
            found.add(pod + ": no containers");
        }
        for (Map<String, Object> container : pod.containers()) {
            String what = pod + " container " + container.get("name");
            Map<String, Object> c = Yamls.map(container, "securityContext");
            if (Boolean.TRUE.equals(c.get("privileged"))) {
                found.add(what + ": privileged");
            }
            if (!Boolean.FALSE.equals(c.get("allowPrivilegeEscalation"))) {
                found.add(what + ": allowPrivilegeEscalation is not false");
            }
            if (!Yamls.list(c, "capabilities", "drop").contains("ALL")) {
                found.add(what + ": capabilities.drop lacks ALL");
            }
            if (!Yamls.list(c, "capabilities", "add").stream().allMatch("NET_BIND_SERVICE"::equals)) {
                found.add(what + ": capabilities.add beyond NET_BIND_SERVICE");
            }
            Object nonRoot = c.containsKey("runAsNonRoot") ? c.get("runAsNonRoot") : podContext.get("runAsNonRoot");
            if (!Boolean.TRUE.equals(nonRoot)) {
                found.add(what + ": runAsNonRoot is not true (pod or container)");
            }
            if (Integer.valueOf(0).equals(c.get("runAsUser"))) {
                found.add(what + ": runAsUser 0");
            }
            String seccomp = Objects.requireNonNullElse(Yamls.string(c, "seccompProfile", "type"),
                    Objects.toString(Yamls.string(podContext, "seccompProfile", "type"), ""));
            if (!Set.of("RuntimeDefault", "Localhost").contains(seccomp)) {
                found.add(what + ": seccompProfile is not RuntimeDefault or Localhost (pod or container)");
            }
            for (Map<String, Object> port : Yamls.maps(container, "ports")) {
                if (port.get("hostPort") != null && !Integer.valueOf(0).equals(port.get("hostPort"))) {
                    found.add(what + ": hostPort " + port.get("hostPort"));
                }
            }
        }
        return found;
    }
}
