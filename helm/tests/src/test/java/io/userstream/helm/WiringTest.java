package io.userstream.helm;

import io.userstream.contract.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-checks between documents: what one component expects (an address, a topic, a secret, a
 * service account) is exactly what another one, or an operator, provides.
 */
class WiringTest {

    /** Secret keys each operator writes, by the kind of resource that makes the secret. */
    private static final Set<String> KAFKA_USER_KEYS = Set.of("password", "sasl.jaas.config");
    private static final Set<String> CLUSTER_CA_KEYS = Set.of("ca.crt", "ca.p12", "ca.password");
    private static final Set<String> SUPERUSER_KEYS = Set.of("username", "password");

    private static final List<String> CLIENT_ENV = List.of(
            "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "USERSTREAM_TOPIC",
            "CASSANDRA_CONTACT_POINTS", "CASSANDRA_LOCAL_DATACENTER", "CASSANDRA_USERNAME_FILE",
            "CASSANDRA_PASSWORD_FILE", "CASSANDRA_SSL_ENABLED");
    private static final List<String> INGEST_ENV = List.of(
            "USERSTREAM_DLQ_TOPIC", "USERSTREAM_SOURCE", "RANDOMUSER_BASE_URL", "USERSTREAM_SCHEDULE_EVERY",
            "USERSTREAM_SCHEDULE_BATCH_SIZE", "USERSTREAM_SCHEDULE_ENABLED");
    private static final List<String> SPARK_ENV = List.of(
            "SPARK_CHECKPOINT_LOCATION", "USERSTREAM_STARTING_OFFSETS", "USERSTREAM_MAX_OFFSETS_PER_TRIGGER",
            "USERSTREAM_TRIGGER_INTERVAL", "USERSTREAM_FAIL_ON_DATA_LOSS", "CASSANDRA_REPLICATION_STRATEGY",
            "CASSANDRA_REPLICATION_FACTOR", "CASSANDRA_CONSISTENCY_LEVEL", "CASSANDRA_CONCURRENT_WRITES");

    /** The environments of every Kafka/Cassandra client the chart runs, by a readable name. */
    private static Map<String, Map<String, String>> clients(Manifests manifests) {
        return Map.of(
                "ingest", Workloads.ingestEnv(manifests),
                "spark driver", Workloads.sparkEnv(manifests, "driver"),
                "spark executor", Workloads.sparkEnv(manifests, "executor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void applicationsGetTheWholeEnvironmentContract(String profile, Manifests manifests) {
        assertThat(Workloads.ingestEnv(manifests)).containsKeys(CLIENT_ENV.toArray(String[]::new))
                .containsKeys(INGEST_ENV.toArray(String[]::new));
        for (String role : List.of("driver", "executor")) {
            assertThat(Workloads.sparkEnv(manifests, role)).containsKeys(CLIENT_ENV.toArray(String[]::new))
                    .containsKeys(SPARK_ENV.toArray(String[]::new));
        }
        assertThat(Workloads.sparkEnv(manifests, "driver")).isEqualTo(Workloads.sparkEnv(manifests, "executor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void kafkaBootstrapIsTheKafkaClustersListener(String profile, Manifests manifests) {
        Manifests.Resource kafka = manifests.single("Kafka");
        clients(manifests).forEach((client, env) -> {
            String protocol = env.get("KAFKA_SECURITY_PROTOCOL");
            String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
            assertThat(bootstrap).as(client).startsWith(kafka.name() + "-kafka-bootstrap:");
            int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
            Map<String, Object> listener = Yamls.maps(kafka.spec(), "kafka", "listeners").stream()
                    .filter(l -> Objects.equals(l.get("port"), port)).findFirst()
                    .orElseThrow(() -> new AssertionError(client + ": no listener on port " + port));
            assertThat(listener.get("type")).isEqualTo("internal");
            assertThat(listener.get("tls")).as(client + " TLS").isEqualTo(protocol.endsWith("SSL"));
            boolean sasl = protocol.startsWith("SASL_");
            assertThat(Yamls.string(listener, "authentication", "type")).as(client + " authentication")
                    .isEqualTo(sasl ? "scram-sha-512" : null);
            if (sasl) {
                assertThat(env).containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            }
        });
    }

    /** The chart's default partition counts are the contract's (production raises the main topic's on purpose). */
    @Test
    void defaultPartitionsAreTheContracts() {
        for (Chart.Profile profile : List.of(Chart.Profile.DEFAULT, Chart.Profile.KIND)) {
            Map<String, Integer> partitions = new java.util.TreeMap<>();
            // the application's topics; the schema registry's storage topics are RegistryTest's
            Chart.render(profile).ofKind("KafkaTopic").stream()
                    .filter(t -> !"registry".equals(t.labels().get("app.kubernetes.io/component")))
                    .forEach(t -> partitions.put(Yamls.string(t.spec(), "topicName"), (Integer) t.spec().get("partitions")));
            assertThat(partitions).as(profile.name()).isEqualTo(new java.util.TreeMap<>(Topics.partitions()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void theJobFailsRatherThanSkipOffsetsDeletedBeforeItReadThem(String profile, Manifests manifests) {
        // 7 days of retention and a job down for longer: false would skip those users without a word.
        assertThat(Workloads.sparkEnv(manifests, "driver")).containsEntry("USERSTREAM_FAIL_ON_DATA_LOSS", "true");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void topicsAreTheContractsAndExistAsKafkaTopics(String profile, Manifests manifests) {
        String kafka = manifests.single("Kafka").name();
        List<Manifests.Resource> topics = manifests.ofKind("KafkaTopic");
        assertThat(topics).allSatisfy(t -> assertThat(t.labels()).containsEntry("strimzi.io/cluster", kafka));
        // the application's topics; the schema registry's storage topics are checked by RegistryTest
        assertThat(topics).filteredOn(t -> !"registry".equals(t.labels().get("app.kubernetes.io/component")))
                .extracting(t -> Yamls.string(t.spec(), "topicName"))
                .containsExactlyInAnyOrder(Topics.USERS_CREATED, Topics.USERS_CREATED_DLQ);
        clients(manifests).forEach((client, env) ->
                assertThat(env).as(client).containsEntry("USERSTREAM_TOPIC", Topics.USERS_CREATED));
        // Only ingest-service publishes dead letters.
        assertThat(Workloads.ingestEnv(manifests)).containsEntry("USERSTREAM_DLQ_TOPIC", Topics.USERS_CREATED_DLQ);
        int brokers = manifests.ofKind("KafkaNodePool").stream()
                .filter(p -> Yamls.list(p.spec(), "roles").contains("broker"))
                .mapToInt(p -> (Integer) p.spec().get("replicas")).sum();
        assertThat(topics).allSatisfy(t -> {
            int replicas = (Integer) t.spec().get("replicas");
            assertThat(replicas).isBetween(1, brokers);
            assertThat((Integer) Yamls.at(t.spec(), "config", "min.insync.replicas")).isBetween(1, replicas);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void everyKafkaClientHasAUserWithTheAclsItNeeds(String profile, Manifests manifests) {
        boolean auth = Workloads.ingestEnv(manifests).get("KAFKA_SECURITY_PROTOCOL").startsWith("SASL_");
        if (!auth) {
            assertThat(manifests.ofKind("KafkaUser")).isEmpty();
            assertThat(Yamls.at(manifests.single("Kafka").spec(), "kafka", "authorization")).isNull();
            return;
        }
        assertThat(Yamls.string(manifests.single("Kafka").spec(), "kafka", "authorization", "type")).isEqualTo("simple");
        String main = Topics.USERS_CREATED;
        String dlq = Topics.USERS_CREATED_DLQ;
        Manifests.Resource ingest = userOf(manifests, Workloads.ingestEnv(manifests));
        assertThat(allowed(ingest, "topic", main)).contains("Write");
        assertThat(allowed(ingest, "topic", dlq)).contains("Write");
        assertThat(allowed(ingest, "topic", main)).doesNotContain("Read");

        Manifests.Resource spark = userOf(manifests, Workloads.sparkEnv(manifests, "driver"));
        assertThat(allowed(spark, "topic", main)).contains("Read", "Describe").doesNotContain("Write");
        assertThat(allowed(spark, "topic", dlq)).as("spark-app never writes the dead-letter topic").isEmpty();
        assertThat(allowed(spark, "group", "spark-kafka-source-1234-driver-0")).contains("Read");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void credentialFilesComeFromTheOperatorsSecrets(String profile, Manifests manifests) {
        String kafka = manifests.single("Kafka").name();
        String cluster = manifests.single("K8ssandraCluster").name();
        // Each application logs in with its own role (cassandra-roles.cql), never as the superuser.
        Map<String, String> roleSecret = Map.of("ingest", cluster + "-ingest-cql", "spark driver", cluster + "-spark-cql",
                "spark executor", cluster + "-spark-cql");
        Map<String, Map<String, String>> mountsByClient = Map.of(
                "ingest", Workloads.secretMounts(Workloads.ingestDeployment(manifests), Workloads.ingestContainer(manifests)),
                "spark driver", Workloads.sparkSecretMounts(manifests, "driver"),
                "spark executor", Workloads.sparkSecretMounts(manifests, "executor"));
        clients(manifests).forEach((client, env) -> {
            Map<String, String> mounts = mountsByClient.get(client);
            assertFile(client, env.get("CASSANDRA_USERNAME_FILE"), mounts, roleSecret.get(client), "username");
            assertFile(client, env.get("CASSANDRA_PASSWORD_FILE"), mounts, roleSecret.get(client), "password");
            if (env.containsKey("KAFKA_SASL_PASSWORD_FILE")) {
                assertFile(client, env.get("KAFKA_SASL_PASSWORD_FILE"), mounts, env.get("KAFKA_SASL_USERNAME"), "password");
            }
            if (env.get("KAFKA_SECURITY_PROTOCOL").endsWith("SSL")) {
                assertFile(client, env.get("KAFKA_SSL_TRUSTSTORE_FILE"), mounts, kafka + "-cluster-ca-cert", "ca.crt");
            } else {
                assertThat(env).doesNotContainKey("KAFKA_SSL_TRUSTSTORE_FILE");
            }
            // Cassandra TLS: the clients' certificate's truststore and the store password (CassandraTlsTest)
            if ("true".equals(env.get("CASSANDRA_SSL_ENABLED"))) {
                assertFile(client, env.get("CASSANDRA_SSL_TRUSTSTORE_FILE"), mounts, cluster + "-client-tls", "truststore.jks");
                assertFile(client, env.get("CASSANDRA_SSL_TRUSTSTORE_PASSWORD_FILE"), mounts, cluster + "-tls-password", "password");
            } else {
                assertThat(env).as(client).containsEntry("CASSANDRA_SSL_ENABLED", "false")
                        .doesNotContainKeys("CASSANDRA_SSL_TRUSTSTORE_FILE", "CASSANDRA_SSL_TRUSTSTORE_PASSWORD_FILE");
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void everyReferencedSecretIsMadeByAnOperatorOrTheChart(String profile, Manifests manifests) {
        Map<String, Set<String>> provided = new java.util.HashMap<>();
        manifests.ofKind("Secret").forEach(s -> provided.put(s.name(), Yamls.map(s.body(), "data").keySet()));
        for (Manifests.Resource kafka : manifests.ofKind("Kafka")) {
            provided.put(kafka.name() + "-cluster-ca-cert", CLUSTER_CA_KEYS);
        }
        Set<String> kafkaClusters = manifests.ofKind("Kafka").stream().map(Manifests.Resource::name)
                .collect(java.util.stream.Collectors.toSet());
        for (Manifests.Resource user : manifests.ofKind("KafkaUser")) {
            assertThat(kafkaClusters).as(user + " cluster label").contains(user.labels().get("strimzi.io/cluster"));
            provided.put(user.name(), KAFKA_USER_KEYS);
        }
        for (Manifests.Resource cassandra : manifests.ofKind("K8ssandraCluster")) {
            provided.put(cassandra.name() + "-superuser", SUPERUSER_KEYS);
        }
        for (Manifests.Resource certificate : manifests.ofKind("Certificate")) {
            provided.put(Yamls.string(certificate.spec(), "secretName"), CassandraTlsTest.JKS_CERTIFICATE_KEYS);
        }
        Map<String, List<String>> referenced = Workloads.referencedSecrets(manifests);
        assertThat(referenced).isNotEmpty();
        referenced.forEach((secret, keys) -> {
            assertThat(provided).as("secret " + secret + " is made by nothing in the release").containsKey(secret);
            assertThat(provided.get(secret)).as("keys of " + secret).containsAll(keys);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void cassandraContactPointIsTheDatacenterService(String profile, Manifests manifests) {
        Manifests.Resource cluster = manifests.single("K8ssandraCluster");
        Map<String, Object> dc = Yamls.maps(cluster.spec(), "cassandra", "datacenters").get(0);
        String dcName = Yamls.string(dc, "metadata", "name");
        clients(manifests).forEach((client, env) -> {
            assertThat(env).as(client)
                    .containsEntry("CASSANDRA_CONTACT_POINTS", cluster.name() + "-" + dcName + "-service:9042")
                    .containsEntry("CASSANDRA_LOCAL_DATACENTER", dcName);
        });
        Map<String, String> spark = Workloads.sparkEnv(manifests, "driver");
        assertThat(Integer.parseInt(spark.get("CASSANDRA_REPLICATION_FACTOR"))).isBetween(1, (Integer) dc.get("size"));
        assertThat(Yamls.at(cluster.spec(), "auth")).as("auth makes the superuser secret").isEqualTo(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void sparkDriverAccountExistsAndItsRoleGrantsWhatTheDriverNeeds(String profile, Manifests manifests) {
        Manifests.Resource app = Workloads.sparkApplication(manifests);
        String account = Yamls.string(app.spec(), "driver", "serviceAccount");
        assertThat(Yamls.string(app.spec(), "executor", "serviceAccount")).isEqualTo(account);
        manifests.get("ServiceAccount", account);
        List<Manifests.Resource> bindings = manifests.where(r -> r.kind().equals("RoleBinding")
                && Yamls.maps(r.body(), "subjects").stream().anyMatch(s -> "ServiceAccount".equals(s.get("kind"))
                && account.equals(s.get("name")) && Chart.NAMESPACE.equals(s.get("namespace"))));
        assertThat(bindings).as("RoleBindings of " + account).hasSize(1);
        Manifests.Resource role = manifests.get("Role", Yamls.string(bindings.get(0).body(), "roleRef", "name"));
        assertThat(Yamls.string(bindings.get(0).body(), "roleRef", "kind")).isEqualTo("Role");
        for (String resource : List.of("pods", "services", "configmaps", "persistentvolumeclaims")) {
            assertThat(granted(role, resource)).as(resource)
                    .contains("create", "get", "list", "watch", "delete", "deletecollection");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void sparkApplicationMatchesTheBuild(String profile, Manifests manifests) {
        Map<String, Object> spec = Workloads.sparkApplication(manifests).spec();
        assertThat(spec.get("sparkVersion")).isEqualTo(Chart.sparkVersion());
        assertThat(spec).containsEntry("type", "Java").containsEntry("mode", "cluster")
                .containsEntry("mainClass", "io.userstream.spark.UserStreamJob")
                .containsEntry("mainApplicationFile", "local:///opt/userstream/spark-app.jar");
        assertThat(Yamls.string(spec, "image")).endsWith("userstream/spark-app:" + Chart.releaseVersion());
        assertThat(Yamls.string(spec, "restartPolicy", "type")).isIn("Always", "OnFailure");
        assertThat((Integer) Yamls.at(spec, "restartPolicy", "onFailureRetryInterval")).isPositive();
        // The checkpoint survives restarts: a PVC of the chart, mounted in the driver where the job writes it.
        String claim = Yamls.maps(spec, "volumes").get(0).get("persistentVolumeClaim") == null ? null
                : Yamls.string(Yamls.maps(spec, "volumes").get(0), "persistentVolumeClaim", "claimName");
        manifests.get("PersistentVolumeClaim", claim);
        String mountPath = Yamls.string(Yamls.maps(spec, "driver", "volumeMounts").get(0), "mountPath");
        assertThat(Workloads.sparkEnv(manifests, "driver").get("SPARK_CHECKPOINT_LOCATION")).startsWith(mountPath + "/");
        // metrics on: the job's own configuration (MonitoringTest), nothing in sparkConf
        assertThat(spec.get("sparkConf")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void selectorsMatchTheLabelsTheySelect(String profile, Manifests manifests) {
        List<Map<String, String>> podLabels = new ArrayList<>();
        for (Manifests.Resource deployment : manifests.ofKind("Deployment")) {
            Map<String, String> selector = Yamls.stringMap(Yamls.at(deployment.spec(), "selector", "matchLabels"));
            Map<String, String> labels = Yamls.stringMap(Yamls.at(deployment.spec(), "template", "metadata", "labels"));
            assertThat(selector).as(deployment + " selector").isNotEmpty();
            assertThat(labels).as(deployment + " pod labels").containsAllEntriesOf(selector);
            podLabels.add(labels);
        }
        for (Manifests.Resource service : manifests.ofKind("Service")) {
            assertSelectsOne(service, Yamls.stringMap(Yamls.at(service.spec(), "selector")), podLabels);
        }
        for (Manifests.Resource pdb : manifests.ofKind("PodDisruptionBudget")) {
            assertSelectsOne(pdb, Yamls.stringMap(Yamls.at(pdb.spec(), "selector", "matchLabels")), podLabels);
        }
        for (Manifests.Resource policy : manifests.ofKind("NetworkPolicy")) {
            Map<String, String> selector = Yamls.stringMap(Yamls.at(policy.spec(), "podSelector", "matchLabels"));
            if (selector.keySet().stream().noneMatch(k -> k.startsWith("cassandra.datastax.com/"))) {
                // (a policy of cass-operator's pods: SecurityPolicyTest checks it against the operator's labels)
                assertSelectsOne(policy, selector, podLabels);
            }
        }
        List<Map<String, String>> serviceLabels = manifests.ofKind("Service").stream().map(Manifests.Resource::labels).toList();
        for (Manifests.Resource monitor : manifests.ofKind("ServiceMonitor")) {
            assertSelectsOne(monitor, Yamls.stringMap(Yamls.at(monitor.spec(), "selector", "matchLabels")), serviceLabels);
        }
        // Named target ports exist on the pods the Service selects.
        for (Manifests.Resource service : manifests.ofKind("Service")) {
            Map<String, String> selector = Yamls.stringMap(Yamls.at(service.spec(), "selector"));
            Manifests.Resource target = manifests.ofKind("Deployment").stream()
                    .filter(d -> Yamls.stringMap(Yamls.at(d.spec(), "template", "metadata", "labels")).entrySet()
                            .containsAll(selector.entrySet())).findFirst().orElseThrow();
            List<Object> portNames = Yamls.maps(target.spec(), "template", "spec", "containers").stream()
                    .flatMap(c -> Yamls.maps(c, "ports").stream()).map(p -> p.get("name")).toList();
            assertThat(Yamls.maps(service.spec(), "ports")).allSatisfy(p -> assertThat(portNames).contains(p.get("targetPort")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void everyContainerIsSizedAndRunsAsNonRoot(String profile, Manifests manifests) {
        for (Manifests.Resource deployment : manifests.ofKind("Deployment")) {
            Map<String, Object> pod = Yamls.map(deployment.spec(), "template", "spec");
            assertThat(Yamls.at(pod, "securityContext", "runAsNonRoot")).as(deployment + " pod runAsNonRoot").isEqualTo(true);
            assertThat(Yamls.string(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
            for (Map<String, Object> container : Yamls.maps(pod, "containers")) {
                String name = deployment + "/" + container.get("name");
                assertThat(Yamls.map(container, "resources", "requests")).as(name + " requests").containsKeys("cpu", "memory");
                assertThat(Yamls.map(container, "resources", "limits")).as(name + " limits").containsKey("memory");
                assertThat(Yamls.at(container, "securityContext", "runAsNonRoot")).as(name).isEqualTo(true);
                assertThat(Yamls.at(container, "securityContext", "allowPrivilegeEscalation")).as(name).isEqualTo(false);
                assertThat(Yamls.at(container, "securityContext", "readOnlyRootFilesystem")).as(name).isEqualTo(true);
                assertThat(Yamls.list(container, "securityContext", "capabilities", "drop")).as(name).containsExactly("ALL");
                assertThat(Yamls.at(container, "livenessProbe")).as(name + " liveness").isNotNull();
                assertThat(Yamls.at(container, "readinessProbe")).as(name + " readiness").isNotNull();
            }
        }
        Map<String, Object> app = Workloads.sparkApplication(manifests).spec();
        for (String role : List.of("driver", "executor")) {
            assertThat(Yamls.map(app, role)).as(role).containsKeys("cores", "coreLimit", "memory");
            assertThat(Yamls.map(app, role, "podSecurityContext"))
                    .containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 185);
            assertThat(Yamls.map(app, role, "securityContext")).containsEntry("allowPrivilegeEscalation", false);
        }
        assertThat(Yamls.map(manifests.single("K8ssandraCluster").spec(), "cassandra", "resources", "limits")).containsKey("memory");
        assertThat(manifests.ofKind("KafkaNodePool"))
                .allSatisfy(p -> assertThat(Yamls.map(p.spec(), "resources", "limits")).containsKey("memory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.userstream.helm.Renderings#all")
    void everyImageIsPinned(String profile, Manifests manifests) {
        Stream<String> deploymentImages = manifests.ofKind("Deployment").stream()
                .flatMap(d -> Yamls.maps(d.spec(), "template", "spec", "containers").stream())
                .map(c -> Yamls.string(c, "image"));
        Stream<String> sparkImages = manifests.ofKind("SparkApplication").stream().map(a -> Yamls.string(a.spec(), "image"));
        assertThat(Stream.concat(deploymentImages, sparkImages).toList()).isNotEmpty().allSatisfy(image -> {
            assertThat(image).matches(".+:[A-Za-z0-9_][A-Za-z0-9_.-]*").doesNotEndWith(":latest");
        });
        assertThat(Yamls.string(manifests.single("Kafka").spec(), "kafka", "version")).isNotBlank();
        assertThat(Yamls.string(manifests.single("K8ssandraCluster").spec(), "cassandra", "serverVersion")).startsWith("5.0.");
    }

    @Test
    void productionReplicatesKafkaThreeTimesWithMinIsrTwo() {
        Manifests production = Renderings.get("production");
        assertThat(production.single("KafkaNodePool").spec()).containsEntry("replicas", 3);
        Map<String, Object> config = Yamls.map(production.single("Kafka").spec(), "kafka", "config");
        assertThat(config).containsEntry("default.replication.factor", 3).containsEntry("min.insync.replicas", 2)
                .containsEntry("offsets.topic.replication.factor", 3);
        assertThat(production.ofKind("KafkaTopic")).allSatisfy(t -> assertThat(t.spec()).containsEntry("replicas", 3));
        assertThat(production.ofKind("Deployment")).extracting(Manifests.Resource::name).doesNotContain("userstream-kafka-ui");
        Manifests kind = Renderings.get("kind");
        assertThat(kind.single("KafkaNodePool").spec()).containsEntry("replicas", 1);
        assertThat(kind.single("KafkaNodePool").spec().get("roles")).isEqualTo(List.of("controller", "broker"));
        assertThat(kind.ofKind("Deployment")).extracting(Manifests.Resource::name).contains("userstream-kafka-ui");
    }

    @Test
    void extraConfigurationOverridesTheChartsDefaults() {
        Manifests manifests = Chart.render(Chart.Profile.DEFAULT, Map.of(
                "kafka.config.auto\\.create\\.topics\\.enable", "true",
                "kafka.config.log\\.retention\\.hours", "12",
                "kafka.topics.main.config.retention\\.ms", "1000",
                "spark.sparkConf.spark\\.sql\\.shuffle\\.partitions", "8"));
        assertThat(Yamls.map(manifests.single("Kafka").spec(), "kafka", "config"))
                .containsEntry("auto.create.topics.enable", true)
                .containsEntry("log.retention.hours", 12)
                .containsEntry("min.insync.replicas", 1);
        assertThat(manifests.ofKind("KafkaTopic"))
                .filteredOn(t -> Topics.USERS_CREATED.equals(Yamls.string(t.spec(), "topicName")))
                .singleElement().satisfies(t -> assertThat(Yamls.map(t.spec(), "config")).containsEntry("retention.ms", 1000));
        assertThat(Yamls.map(manifests.single("SparkApplication").spec(), "sparkConf"))
                .containsExactly(Map.entry("spark.sql.shuffle.partitions", "8"));
    }

    private static Manifests.Resource userOf(Manifests manifests, Map<String, String> env) {
        return manifests.get("KafkaUser", env.get("KAFKA_SASL_USERNAME"));
    }

    /** Operations a KafkaUser's allow ACLs grant on a resource (literal, prefix or `*`). */
    private static List<String> allowed(Manifests.Resource user, String type, String name) {
        List<String> operations = new ArrayList<>();
        for (Map<String, Object> acl : Yamls.maps(user.spec(), "authorization", "acls")) {
            if ("deny".equals(acl.get("type")) || !type.equals(Yamls.string(acl, "resource", "type"))) {
                continue;
            }
            String pattern = Yamls.string(acl, "resource", "name");
            boolean prefix = "prefix".equals(Yamls.string(acl, "resource", "patternType"));
            if ("*".equals(pattern) || (prefix ? name.startsWith(pattern) : name.equals(pattern))) {
                Yamls.list(acl, "operations").forEach(o -> operations.add(o.toString()));
            }
        }
        return operations;
    }

    private static List<String> granted(Manifests.Resource role, String resource) {
        return Yamls.maps(role.body(), "rules").stream()
                .filter(rule -> Yamls.list(rule, "apiGroups").contains("") && Yamls.list(rule, "resources").contains(resource))
                .flatMap(rule -> Yamls.list(rule, "verbs").stream().map(Object::toString))
                .toList();
    }

    private static void assertFile(String client, String file, Map<String, String> mounts, String secret, String key) {
        assertThat(file).as(client + " file of " + secret).isNotNull();
        int slash = file.lastIndexOf('/');
        assertThat(mounts).as(client + ": " + file + " must be in a mount of secret " + secret)
                .containsEntry(file.substring(0, slash), secret);
        assertThat(file.substring(slash + 1)).isEqualTo(key);
    }

    private static void assertSelectsOne(Manifests.Resource selecting, Map<String, String> selector, List<Map<String, String>> labelSets) {
        assertThat(selector).as(selecting + " selector").isNotEmpty();
        assertThat(labelSets.stream().filter(labels -> labels.entrySet().containsAll(selector.entrySet())))
                .as(selecting + " selects exactly one set of pods").hasSize(1);
    }
}
