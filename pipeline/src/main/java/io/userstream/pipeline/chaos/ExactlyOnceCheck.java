package io.userstream.pipeline.chaos;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The exact checks after a chaos run, reading Kafka and Cassandra with their own clients: the
 * valid records of the topic and the rows of created_users are the same ids both ways, every row
 * holds the values of its id's highest-offset record, and the positions of the invalid records
 * are exactly the keys of rejected_users. Duplicates in the topic are counted, not hidden.
 */
public final class ExactlyOnceCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID_TEXT = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** What the check found; {@link #ok()} when nothing is lost, phantom, stale or misfiled. */
    public record Result(long records, long validRecords, long distinctIds, long duplicateRecords, long lost, long phantomRows,
                  long staleRows, long invalidRecords, long misfiledRejects, long duplicatedRows, long changedIds,
                  List<String> examples) {
        public boolean ok() {
            return lost == 0 && phantomRows == 0 && staleRows == 0 && misfiledRejects == 0 && duplicatedRows == 0;
        }
    }

    private ExactlyOnceCheck() {
    }

    static Result run(String bootstrap, String cassandraHost, int cassandraPort, String datacenter) throws Exception {
        List<ConsumerRecord<String, String>> records = readAll(bootstrap, Topics.USERS_CREATED);
        Map<String, ConsumerRecord<String, String>> newest = new HashMap<>();
        Set<String> invalidPositions = new HashSet<>();
        Map<String, String> firstValue = new HashMap<>();
        Set<String> changed = new HashSet<>();                  // ids whose records differ: "newest wins" is tested on them
        long valid = 0;
        for (ConsumerRecord<String, String> r : records) {
            String id = validId(r.value());
            if (id == null) {
                invalidPositions.add(r.partition() + "/" + r.offset());
                continue;
            }
            valid++;
            if (!firstValue.computeIfAbsent(id, k -> r.value()).equals(r.value())) {
                changed.add(id);
            }
            newest.merge(id, r, (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        List<String> examples = new ArrayList<>();
        try (CqlSession cql = CqlSession.builder().addContactPoint(new InetSocketAddress(cassandraHost, cassandraPort))
                .withLocalDatacenter(datacenter).build()) {
            Map<String, Row> rows = new HashMap<>();
            long rowsRead = 0;                                  // every row the table returns, counted before any map
            for (Row row : cql.execute("SELECT id, first_name, email FROM " + CassandraSchema.KEYSPACE + "."
                    + CassandraSchema.USERS_TABLE)) {
                rowsRead++;
                rows.put(row.getUuid("id").toString(), row);
            }
            long duplicatedRows = rowsRead - rows.size();
            long lost = newest.keySet().stream().filter(id -> !rows.containsKey(id)).peek(id -> example(examples, "lost " + id)).count();
            long phantom = rows.keySet().stream().filter(id -> !newest.containsKey(id)).peek(id -> example(examples, "phantom " + id)).count();
            long stale = 0;
            for (Map.Entry<String, ConsumerRecord<String, String>> e : newest.entrySet()) {
                Row row = rows.get(e.getKey());
                JsonNode user = JSON.readTree(e.getValue().value());
                if (row != null && (!Objects.equals(row.getString("first_name"), user.path("name").path("first").asText().trim())
                        || !Objects.equals(row.getString("email"), user.path("email").asText().trim()))) {
                    stale++;
                    example(examples, "stale " + e.getKey() + " (row " + row.getString("first_name") + ", newest record at offset "
                            + e.getValue().offset() + ")");
                }
            }
            Set<String> rejected = new HashSet<>();
            for (Row row : cql.execute("SELECT topic, partition, offset FROM " + CassandraSchema.KEYSPACE + "."
                    + CassandraSchema.REJECTED_TABLE)) {
                if (Topics.USERS_CREATED.equals(row.getString("topic"))) {
                    rejected.add(row.getInt("partition") + "/" + row.getLong("offset"));
                }
            }
            Set<String> misfiled = new HashSet<>(rejected);
            misfiled.removeAll(invalidPositions);
            Set<String> unrejected = new HashSet<>(invalidPositions);
            unrejected.removeAll(rejected);
            misfiled.addAll(unrejected);
            misfiled.forEach(p -> example(examples, "rejects differ at " + p));
            return new Result(records.size(), valid, newest.size(), valid - newest.size(), lost, phantom, stale,
                    invalidPositions.size(), misfiled.size(), duplicatedRows, changed.size(), examples);
        }
    }

    /** The job's rule, re-stated: a JSON object with a UUID login.uuid and the required fields; else null. */
    static String validId(String value) {
        try {
            JsonNode u = value == null ? null : JSON.readTree(value);
            if (u == null || !u.isObject()) {
                return null;
            }
            String id = u.path("login").path("uuid").asText("").trim();
            boolean complete = !u.path("name").path("first").asText("").isBlank() && !u.path("name").path("last").asText("").isBlank()
                    && !u.path("email").asText("").isBlank() && !u.path("login").path("username").asText("").isBlank();
            return UUID_TEXT.matcher(id).matches() && complete ? id.toLowerCase() : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    private static void example(List<String> examples, String what) {
        if (examples.size() < 10) {
            examples.add(what);
        }
    }

    /** Every committed record of the topic, from the beginning to the end offsets taken on entry (duplicates included). */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return readAll(p, topic);
    }

    /** The same with a client's own properties (bootstrap servers, security): a secured listener's reader. */
    public static List<ConsumerRecord<String, String>> readAll(Properties client, String topic) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    /** Sum of the topic's end offsets: grows while the publisher makes progress. */
    static long endOffsets(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(5)).values().stream().mapToLong(Long::longValue).sum();
        } catch (RuntimeException unavailable) {
            return -1;
        }
    }
}
