package io.userstream.helm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every pod a rendering leads to, whatever resource carries its template: Deployments, Jobs, bare
 * Pods (the helm test), the SparkApplications' and ScheduledSparkApplications' drivers and
 * executors (the Spark operator copies the application's labels and the role's onto them), and the
 * operators' own pods, modelled by the labels the operators give them (Strimzi's brokers:
 * {@code strimzi.io/cluster}, {@code strimzi.io/kind}; cass-operator's Cassandra nodes:
 * {@code cassandra.datastax.com/cluster}), which is what NetworkPolicies select them by.
 *
 * @param source     resource and role, for messages
 * @param labels     the pod's labels
 * @param spec       the pod spec as rendered (null for operator pods, which the chart does not render)
 * @param containers containers and init containers (for Spark: one, with the role's securityContext)
 */
record RenderedPods(String source, Map<String, String> labels, Map<String, Object> spec, List<Map<String, Object>> containers) {

    static List<RenderedPods> of(Manifests manifests) {
        List<RenderedPods> pods = new ArrayList<>();
        for (Manifests.Resource r : manifests.where(r -> List.of("Deployment", "StatefulSet", "DaemonSet", "Job").contains(r.kind()))) {
            Map<String, Object> spec = Yamls.map(r.body(), "spec", "template", "spec");
            pods.add(new RenderedPods(r.toString(), Yamls.stringMap(Yamls.at(r.body(), "spec", "template", "metadata", "labels")),
                    spec, containers(spec)));
        }
        for (Manifests.Resource r : manifests.ofKind("Pod")) {
            pods.add(new RenderedPods(r.toString(), r.labels(), r.spec(), containers(r.spec())));
        }
        for (Manifests.Resource r : manifests.ofKind("SparkApplication")) {
            spark(pods, r.toString(), r.labels(), r.spec());
        }
        for (Manifests.Resource r : manifests.ofKind("ScheduledSparkApplication")) {
            spark(pods, r.toString(), r.labels(), Yamls.map(r.spec(), "template"));
        }
        for (Manifests.Resource kafka : manifests.ofKind("Kafka")) {
            pods.add(new RenderedPods(kafka + " broker (Strimzi)", Map.of("strimzi.io/cluster", kafka.name(), "strimzi.io/kind", "Kafka"),
                    null, List.of()));
        }
        for (Manifests.Resource cassandra : manifests.ofKind("K8ssandraCluster")) {
            String cluster = Yamls.string(cassandra.spec(), "cassandra", "clusterName");
            pods.add(new RenderedPods(cassandra + " node (cass-operator)",
                    Map.of("cassandra.datastax.com/cluster", cluster == null ? cassandra.name() : cluster), null, List.of()));
        }
        return pods;
    }

    boolean operatorMade() {
        return spec == null;
    }

    private static void spark(List<RenderedPods> pods, String source, Map<String, String> appLabels, Map<String, Object> spec) {
        for (String role : List.of("driver", "executor")) {
            Map<String, Object> r = Yamls.map(spec, role);
            Map<String, String> labels = new LinkedHashMap<>(appLabels);
            labels.putAll(Yamls.stringMap(Yamls.at(r, "labels")));
            Map<String, Object> podSpec = new LinkedHashMap<>();
            podSpec.put("securityContext", Yamls.at(r, "podSecurityContext"));
            List<Map<String, Object>> containers = new ArrayList<>();
            Map<String, Object> main = new LinkedHashMap<>();
            main.put("name", "spark-kubernetes-" + role);
            main.put("securityContext", Yamls.at(r, "securityContext"));
            main.put("env", Yamls.at(r, "env"));
            containers.add(main);
            containers.addAll(Yamls.maps(r, "sidecars"));
            containers.addAll(Yamls.maps(r, "initContainers"));
            pods.add(new RenderedPods(source + " " + role, labels, podSpec, containers));
        }
    }

    private static List<Map<String, Object>> containers(Map<String, Object> spec) {
        List<Map<String, Object>> all = new ArrayList<>(Yamls.maps(spec, "containers"));
        all.addAll(Yamls.maps(spec, "initContainers"));
        return all;
    }

    /** Whether a label selector's matchLabels (and matchExpressions of In/Exists) select this pod. */
    boolean selectedBy(Map<String, Object> selector) {
        Map<String, String> match = Yamls.stringMap(Yamls.at(selector, "matchLabels"));
        for (Map.Entry<String, String> e : match.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Map<String, Object> expression : Yamls.maps(selector, "matchExpressions")) {
            String key = Yamls.string(expression, "key");
            String operator = Yamls.string(expression, "operator");
            List<Object> values = Yamls.list(expression, "values");
            boolean ok = switch (operator) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new AssertionError("unknown selector operator " + operator);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return source;
    }
}
