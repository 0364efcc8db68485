package io.userstream.helm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optional Prometheus metrics: on in the production profile, off by default and in kind, and
 * wired end to end (Kafka CR -> JMX exporter ConfigMap -> PodMonitor; K8ssandraCluster telemetry).
 * The CRD validation of the fields themselves is ManifestValidationTest's.
 */
class ObservabilityTest {

    @Test
    void metricsAreOffByDefault() {
        Manifests manifests = Renderings.get("default");
        Map<String, Object> kafka = manifests.single("Kafka").spec();
        assertThat(Yamls.at(kafka, "kafka", "metricsConfig")).isNull();
        assertThat(Yamls.at(kafka, "kafkaExporter")).isNull();
        assertThat(manifests.ofKind("PodMonitor")).isEmpty();
        assertThat(manifests.ofKind("ServiceMonitor")).isEmpty();
        assertThat(manifests.ofKind("ConfigMap")).noneMatch(c -> c.name().endsWith("-kafka-metrics"));
        assertThat(Yamls.at(manifests.single("K8ssandraCluster").spec(), "cassandra", "telemetry")).isNull();
    }

    /** The kind profile scrapes everything, for `make monitoring deploy` and the upstream dashboards. */
    @Test
    void kindScrapesEveryComponent() {
        Manifests manifests = Renderings.get("kind");
        Map<String, Object> kafka = manifests.single("Kafka").spec();
        assertThat(Yamls.at(kafka, "kafka", "metricsConfig")).isNotNull();
        assertThat(Yamls.at(kafka, "kafkaExporter")).isNotNull();
        assertThat(Yamls.at(manifests.single("K8ssandraCluster").spec(), "cassandra", "telemetry", "prometheus", "enabled"))
                .isEqualTo(true);
        assertThat(manifests.ofKind("ServiceMonitor")).hasSize(1);
        assertThat(manifests.ofKind("PodMonitor")).hasSize(2);
    }

    @Test
    void kafkaMetricsConfigNamesTheRulesConfigMap() {
        Manifests manifests = Renderings.get("production");
        Map<String, Object> metricsConfig = Yamls.map(manifests.single("Kafka").spec(), "kafka", "metricsConfig");
        assertThat(metricsConfig).containsEntry("type", "jmxPrometheusExporter");
        // The CRD's CEL rule (not checked offline): jmxPrometheusExporter needs valueFrom.
        String name = Yamls.string(metricsConfig, "valueFrom", "configMapKeyRef", "name");
        String key = Yamls.string(metricsConfig, "valueFrom", "configMapKeyRef", "key");
        Map<String, String> data = Yamls.stringMap(Yamls.at(manifests.get("ConfigMap", name).body(), "data"));
        assertThat(data).containsOnlyKeys(key);
        assertThat(rules(data.get(key))).hasSizeGreaterThan(10);
    }

    /** The rules compile as jmx_exporter compiles them and name the broker's key metrics as dashboards expect. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "|", textBlock = """
            kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec, topic=users_created><>Count: 5 | kafka_server_brokertopicmetrics_messagesin_total
            kafka.server<type=BrokerTopicMetrics, name=BytesInPerSec><>Count: 100                       | kafka_server_brokertopicmetrics_bytesin_total
            kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value: 0                | kafka_server_replicamanager_underreplicatedpartitions
            kafka.controller<type=KafkaController, name=ActiveControllerCount><>Value: 1               | kafka_controller_kafkacontroller_activecontrollercount
            kafka.controller<type=KafkaController, name=OfflinePartitionsCount><>Value: 0              | kafka_controller_kafkacontroller_offlinepartitionscount
            kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>MeanRate: 0.9 | kafka_server_kafkarequesthandlerpool_requesthandleravgidle_percent
            kafka.network<type=RequestMetrics, name=TotalTimeMs, request=Produce><>99thPercentile: 3  | kafka_network_requestmetrics_totaltimems
            kafka.log<type=Log, name=Size, topic=users_created, partition=0><>Value: 1024             | kafka_log_log_size
            kafka.server<type=raft-metrics><>current-leader: 1                                        | kafka_server_raftmetrics_current_leader
            """)
    void jmxExporterRulesNameTheKeyMetrics(String bean, String expected) {
        List<Map<String, Object>> rules = rules(Chart.readChartFile("files/kafka-jmx-exporter.yaml"));
        assertThat(exportedName(rules, bean)).isEqualTo(expected);
    }

    @Test
    void kafkaExporterAndPodMonitorScrapeTheClustersPods() {
        Manifests manifests = Renderings.get("production");
        Manifests.Resource kafka = manifests.single("Kafka");
        Map<String, Object> exporter = Yamls.map(kafka.spec(), "kafkaExporter");
        assertThat(exporter).containsKeys("groupRegex", "topicRegex", "resources");
        assertThat(Yamls.map(exporter, "resources")).containsKeys("requests", "limits");
        // Spark's and any other consumer group match; Kafka's internal topics are left out.
        assertThat("spark-kafka-source-1234-driver-0").matches(Yamls.string(exporter, "groupRegex"));
        assertThat("users_created").matches(Yamls.string(exporter, "topicRegex"))
                .doesNotMatch(Yamls.string(exporter, "topicExcludeRegex"));
        assertThat("__consumer_offsets").matches(Yamls.string(exporter, "topicExcludeRegex"));

        Manifests.Resource monitor = manifests.get("PodMonitor", kafka.name() + "-kafka");
        // Strimzi labels every pod of the cluster (nodes, exporter) with these two.
        assertThat(Yamls.stringMap(Yamls.at(monitor.spec(), "selector", "matchLabels")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("strimzi.io/cluster", kafka.name(), "strimzi.io/kind", "Kafka"));
        assertThat(Yamls.maps(monitor.spec(), "podMetricsEndpoints")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("port", "tcp-prometheus").containsEntry("path", "/metrics"));
    }

    @Test
    void cassandraTelemetryMakesServiceMonitorsFromTheMetricsEndpoint() {
        Map<String, Object> telemetry = Yamls.map(Renderings.get("production").single("K8ssandraCluster").spec(),
                "cassandra", "telemetry");
        assertThat(Yamls.at(telemetry, "prometheus", "enabled")).isEqualTo(true);
        assertThat(Yamls.at(telemetry, "mcac", "enabled")).isEqualTo(false);

        Manifests labelled = Chart.render(Chart.Profile.PRODUCTION, Map.of("cassandra.metrics.serviceMonitorLabels.release", "kube-prometheus"));
        assertThat(Yamls.stringMap(Yamls.at(labelled.single("K8ssandraCluster").spec(), "cassandra", "telemetry", "prometheus", "commonLabels")))
                .containsEntry("release", "kube-prometheus");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(String config) {
        Map<String, Object> parsed = Yamls.asMap((Map<?, ?>) Manifests.yaml(1024 * 1024).load(config));
        assertThat(parsed).containsEntry("lowercaseOutputName", true);
        List<Map<String, Object>> rules = Yamls.maps(parsed, "rules");
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule).containsKeys("pattern", "name", "type");
            assertThat((String) rule.get("type")).isIn("GAUGE", "COUNTER", "UNTYPED");
            Pattern.compile((String) rule.get("pattern"));
        });
        return rules;
    }

    /** jmx_exporter's matching: the first rule whose pattern occurs in `bean<keys>attribute: value`. */
    private static String exportedName(List<Map<String, Object>> rules, String bean) {
        for (Map<String, Object> rule : rules) {
            Matcher m = Pattern.compile("^.*(?:" + rule.get("pattern") + ").*$").matcher(bean);
            if (m.matches()) {
                StringBuilder name = new StringBuilder();
                Matcher ref = Pattern.compile("\\$(\\d+)").matcher((String) rule.get("name"));
                while (ref.find()) {
                    ref.appendReplacement(name, Matcher.quoteReplacement(m.group(Integer.parseInt(ref.group(1)))));
                }
                ref.appendTail(name);
                return name.toString().toLowerCase().replaceAll("[^a-z0-9_:]", "_");
            }
        }
        return null;
    }
}
