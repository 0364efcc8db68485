package io.userstream.helm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Cassandra pod of each datacenter of a rendered K8ssandraCluster, as the operators pinned in
 * k8s/operators/versions.env build it: a replay, in Java, of what they do to the pod's security
 * contexts, containers and volumes (nothing else). No cluster runs here; this is what the test can
 * show instead, so every step names its source.
 * <ul>
 * <li>k8ssandra-operator v1.32.5 passes {@code podSecurityContext} on as the datacenter's pod
 * security context, appends the {@code containers} and {@code initContainers} to its pod template
 * and makes sure a {@code cassandra} container is there ({@link #K8SSANDRA_DATACENTER}, Coalesce);
 * it appends a {@code per-node-config} init container, without matching names, when the
 * datacenter gets per-node configuration: a {@code perNodeConfigMapRef}, or initial tokens, which
 * it computes only when every datacenter has {@code num_tokens} below 16 (it puts 16 in when unset:
 * {@link #K8SSANDRA_TOKENS}, {@link #K8SSANDRA_PER_NODE}).</li>
 * <li>cass-operator v1.30.3 ({@link #CASS_OPERATOR}): when the template has no pod security
 * context, it sets user, group and fsGroup 999 and runAsNonRoot (buildPodTemplateSpec); it finds
 * {@code server-config-init-base} (4.1+, "client image"), {@code server-config-init},
 * {@code cassandra} and {@code server-system-logger} by name or adds them (buildInitContainers,
 * buildContainers) and on every one of them, when the root filesystem is read-only (4.1+ without a
 * custom server image, unless {@code readOnlyRootFilesystem} says otherwise), sets
 * readOnlyRootFilesystem and allowPrivilegeEscalation=false, keeping the rest of what the template
 * gave (securityContext). Its volumes are emptyDirs (addVolumes), the data volume a
 * PersistentVolumeClaim; k8ssandra-operator mounts encryption stores from Secrets.</li>
 * </ul>
 * Medusa, Reaper and Stargate add containers or pods of their own: {@link #unmodelled} names them
 * when a K8ssandraCluster turns them on.
 */
final class CassandraPods {

    static final String CASS_OPERATOR =
            "https://github.com/k8ssandra/cass-operator/blob/v1.30.3/pkg/reconciliation/construct_podtemplatespec.go";
    static final String K8SSANDRA_DATACENTER =
            "https://github.com/k8ssandra/k8ssandra-operator/blob/v1.32.5/pkg/cassandra/datacenter.go";
    static final String K8SSANDRA_PER_NODE =
            "https://github.com/k8ssandra/k8ssandra-operator/blob/v1.32.5/pkg/nodeconfig/mount.go";
    static final String K8SSANDRA_TOKENS =
            "https://github.com/k8ssandra/k8ssandra-operator/blob/v1.32.5/pkg/cassandra/tokens.go";

    /** cass-operator's init containers for Cassandra 4.1+ (k8ssandra-client builds the config), in their order. */
    static final List<String> INIT_CONTAINERS = List.of("server-config-init-base", "server-config-init");
    /** cass-operator's containers. */
    static final List<String> CONTAINERS = List.of("cassandra", "server-system-logger");
    static final String PER_NODE_CONFIG = "per-node-config";

    private static final List<String> EMPTY_DIRS = List.of("server-config", "server-logs", "tmp", "etc-cassandra",
            "server-config-base", "vector-lib");

    private CassandraPods() {
    }

    /** The features whose pods or containers this replay does not model, when a K8ssandraCluster turns them on. */
    static List<String> unmodelled(Manifests.Resource cluster) {
        List<String> on = new ArrayList<>();
        for (String feature : List.of("medusa", "reaper", "stargate")) {
            if (Yamls.at(cluster.spec(), feature) != null) {
                on.add(feature);
            }
        }
        for (Map<String, Object> dc : Yamls.maps(cluster.spec(), "cassandra", "datacenters")) {
            if (Yamls.at(dc, "stargate") != null) {
                on.add("stargate (datacenter " + Yamls.string(dc, "metadata", "name") + ")");
            }
            for (String key : List.of("podSecurityContext", "containers", "initContainers", "readOnlyRootFilesystem", "serverImage")) {
                if (Yamls.at(dc, key) != null) {
                    on.add("datacenter-level " + key + " (merged over the cluster's by goalesce)");
                }
            }
        }
        return on;
    }

    static List<RenderedPods> of(Manifests manifests) {
        List<RenderedPods> pods = new ArrayList<>();
        for (Manifests.Resource cluster : manifests.ofKind("K8ssandraCluster")) {
            Map<String, Object> cassandra = Yamls.map(cluster.spec(), "cassandra");
            for (Map<String, Object> dc : Yamls.maps(cassandra, "datacenters")) {
                pods.add(pod(cluster, cassandra, dc));
            }
        }
        return pods;
    }

    private static RenderedPods pod(Manifests.Resource cluster, Map<String, Object> cassandra, Map<String, Object> dc) {
        String version = Yamls.string(cassandra, "serverVersion");
        boolean atLeast41 = atLeast41(version);
        String serverImage = Yamls.string(cassandra, "serverImage");
        Object readOnlySetting = cassandra.get("readOnlyRootFilesystem");
        boolean readOnlyFs = readOnlySetting != null ? Boolean.TRUE.equals(readOnlySetting)
                : (serverImage == null || serverImage.isEmpty()) && atLeast41;

        Map<String, Object> spec = new LinkedHashMap<>();
        Object podContext = cassandra.get("podSecurityContext");
        spec.put("securityContext", podContext != null ? podContext
                : Map.of("runAsUser", 999, "runAsGroup", 999, "fsGroup", 999, "runAsNonRoot", true));

        // k8ssandra-operator: the template's init containers as given, then per-node-config appended.
        List<Map<String, Object>> init = copies(Yamls.maps(cassandra, "initContainers"));
        if (perNodeConfig(cassandra, dc)) {
            init.add(new LinkedHashMap<>(Map.of("name", PER_NODE_CONFIG)));
        }
        // cass-operator: its own init containers, found by name or added.
        List<String> operatorInit = atLeast41 ? INIT_CONTAINERS : List.of("server-config-init");
        for (String name : operatorInit) {
            if (init.stream().noneMatch(c -> name.equals(c.get("name")))) {
                init.add(new LinkedHashMap<>(Map.of("name", name)));
            }
        }
        List<Map<String, Object>> containers = copies(Yamls.maps(cassandra, "containers"));
        for (String name : CONTAINERS) {
            if (containers.stream().noneMatch(c -> name.equals(c.get("name")))) {
                containers.add(new LinkedHashMap<>(Map.of("name", name)));
            }
        }
        // cass-operator's securityContext(): on init containers (all of them) and its two containers.
        for (Map<String, Object> c : init) {
            applyReadOnlyFs(c, readOnlyFs);
        }
        containers.stream().filter(c -> CONTAINERS.contains(c.get("name"))).forEach(c -> applyReadOnlyFs(c, readOnlyFs));

        List<Map<String, Object>> volumes = new ArrayList<>();
        EMPTY_DIRS.forEach(v -> volumes.add(Map.of("name", v, "emptyDir", Map.of())));
        volumes.add(Map.of("name", "server-data", "persistentVolumeClaim", Map.of("claimName", "server-data")));
        for (String stores : List.of("clientEncryptionStores", "serverEncryptionStores")) {
            if (cassandra.get(stores) != null) {
                volumes.add(Map.of("name", stores, "secret", Map.of()));
            }
        }
        volumes.addAll(Yamls.maps(cassandra, "extraVolumes", "volumes"));
        spec.put("volumes", volumes);

        List<Map<String, Object>> all = new ArrayList<>(init);
        all.addAll(containers);
        spec.put("initContainers", init);
        spec.put("containers", containers);
        String name = cluster + " datacenter " + Yamls.string(dc, "metadata", "name") + " (cass-operator's pod)";
        return new RenderedPods(name, Map.of("cassandra.datastax.com/cluster", cluster.name()), spec, all);
    }

    /** cass-operator's securityContext(dc, container): completes what the template gave. */
    private static void applyReadOnlyFs(Map<String, Object> container, boolean readOnlyFs) {
        Map<String, Object> context = new LinkedHashMap<>(Yamls.map(container, "securityContext"));
        if (readOnlyFs) {
            context.put("readOnlyRootFilesystem", true);
            context.put("allowPrivilegeEscalation", false);
        }
        container.put("securityContext", context);
    }

    /** Whether k8ssandra-operator gives the datacenter per-node configuration (and so its init container). */
    static boolean perNodeConfig(Map<String, Object> cassandra, Map<String, Object> dc) {
        if (Yamls.at(dc, "perNodeConfigMapRef") != null) {
            return true;
        }
        for (Object yaml : List.of(Yamls.map(cassandra, "config", "cassandraYaml"), Yamls.map(dc, "config", "cassandraYaml"))) {
            Object tokens = Yamls.at(yaml, "num_tokens");
            if (tokens != null && Integer.parseInt(tokens.toString()) < 16) {
                return true;
            }
        }
        return false;
    }

    static boolean atLeast41(String version) {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        return major > 4 || major == 4 && minor >= 1;
    }

    private static List<Map<String, Object>> copies(List<Map<String, Object>> containers) {
        List<Map<String, Object>> copies = new ArrayList<>();
        containers.forEach(c -> copies.add(new LinkedHashMap<>(c)));
        return copies;
    }
}
