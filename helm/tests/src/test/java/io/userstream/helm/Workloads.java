package io.userstream.helm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two applications as the cluster will run them: their environment (resolved through
 * ConfigMaps), mounted secrets and security settings, whatever resource kind carries them.
 */
final class Workloads {

    private Workloads() {
    }

    /** The ingest container's environment: envFrom ConfigMaps, then env (later wins, as in Kubernetes). */
    static Map<String, String> ingestEnv(Manifests manifests) {
        Map<String, Object> container = ingestContainer(manifests);
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> source : Yamls.maps(container, "envFrom")) {
            String configMap = Yamls.string(source, "configMapRef", "name");
            if (configMap != null) {
                env.putAll(Yamls.stringMap(Yamls.at(manifests.get("ConfigMap", configMap).body(), "data")));
            }
        }
        for (Map<String, Object> variable : Yamls.maps(container, "env")) {
            env.put(Yamls.string(variable, "name"), Yamls.string(variable, "value"));
        }
        return env;
    }

    static Manifests.Resource ingestDeployment(Manifests manifests) {
        return manifests.where(r -> r.kind().equals("Deployment") && "ingest".equals(r.labels().get("app.kubernetes.io/component")))
                .stream().findFirst().orElseThrow(() -> new AssertionError("no ingest Deployment"));
    }

    static Map<String, Object> ingestContainer(Manifests manifests) {
        return Yamls.maps(ingestDeployment(manifests).body(), "spec", "template", "spec", "containers").get(0);
    }

    /** Mount path -> secret name of a Deployment's secret volumes. */
    static Map<String, String> secretMounts(Manifests.Resource deployment, Map<String, Object> container) {
        Map<String, String> secretByVolume = new LinkedHashMap<>();
        for (Map<String, Object> volume : Yamls.maps(deployment.body(), "spec", "template", "spec", "volumes")) {
            String secret = Yamls.string(volume, "secret", "secretName");
            if (secret != null) {
                secretByVolume.put(Yamls.string(volume, "name"), secret);
            }
        }
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Map<String, Object> mount : Yamls.maps(container, "volumeMounts")) {
            String secret = secretByVolume.get(Yamls.string(mount, "name"));
            if (secret != null) {
                mounts.put(Yamls.string(mount, "mountPath"), secret);
            }
        }
        return mounts;
    }

    static Manifests.Resource sparkApplication(Manifests manifests) {
        return manifests.single("SparkApplication");
    }

    /** Env of the SparkApplication's driver or executor ("driver" / "executor"). */
    static Map<String, String> sparkEnv(Manifests manifests, String role) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> variable : Yamls.maps(sparkApplication(manifests).spec(), role, "env")) {
            env.put(Yamls.string(variable, "name"), Yamls.string(variable, "value"));
        }
        return env;
    }

    /** Mount path -> secret name of the SparkApplication's driver or executor. */
    static Map<String, String> sparkSecretMounts(Manifests manifests, String role) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Map<String, Object> secret : Yamls.maps(sparkApplication(manifests).spec(), role, "secrets")) {
            mounts.put(Yamls.string(secret, "path"), Yamls.string(secret, "name"));
        }
        return mounts;
    }

    /** Every secret a pod of the chart references, by name, with the keys it reads (empty = whole secret). */
    static Map<String, List<String>> referencedSecrets(Manifests manifests) {
        Map<String, List<String>> refs = new LinkedHashMap<>();
        for (Manifests.Resource deployment : manifests.ofKind("Deployment")) {
            Map<String, Object> podSpec = Yamls.map(deployment.body(), "spec", "template", "spec");
            for (Map<String, Object> volume : Yamls.maps(podSpec, "volumes")) {
                String secret = Yamls.string(volume, "secret", "secretName");
                if (secret != null) {
                    List<String> keys = refs.computeIfAbsent(secret, k -> new ArrayList<>());
                    Yamls.maps(volume, "secret", "items").forEach(item -> keys.add(Yamls.string(item, "key")));
                }
            }
            for (Map<String, Object> container : Yamls.maps(podSpec, "containers")) {
                for (Map<String, Object> variable : Yamls.maps(container, "env")) {
                    String secret = Yamls.string(variable, "valueFrom", "secretKeyRef", "name");
                    if (secret != null) {
                        refs.computeIfAbsent(secret, k -> new ArrayList<>())
                                .add(Yamls.string(variable, "valueFrom", "secretKeyRef", "key"));
                    }
                }
                for (Map<String, Object> source : Yamls.maps(container, "envFrom")) {
                    String secret = Yamls.string(source, "secretRef", "name");
                    if (secret != null) {
                        refs.computeIfAbsent(secret, k -> new ArrayList<>());
                    }
                }
            }
        }
        for (Manifests.Resource app : manifests.ofKind("SparkApplication")) {
            for (String role : List.of("driver", "executor")) {
                Yamls.maps(app.spec(), role, "secrets")
                        .forEach(s -> refs.computeIfAbsent(Yamls.string(s, "name"), k -> new ArrayList<>()));
            }
        }
        return refs;
    }
}
