package io.userstream.ingest.dashboard;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.quarkus.runtime.api.session.QuarkusCqlSession;
import io.smallrye.common.annotation.Identifier;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.RecordHeaders;
import io.userstream.ingest.config.IngestConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest dead letters of both stages: what the ingest service sent to {@code users_created_dlq}
 * (read back from Kafka's tail, reason in the {@code userstream.dlq_reason} header) and what the
 * Spark job put in {@code spark_streams.rejected_users} (newest offsets of each partition). Read on
 * demand, kept for a few seconds.
 */
@ApplicationScoped
public class DeadLetters {

    static final int LATEST = 10;
    static final int VALUE_CHARS = 160;
    static final Duration FRESH_FOR = Duration.ofSeconds(3);
    static final Duration KAFKA_WAIT = Duration.ofSeconds(3);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    IngestConfig config;

    @Inject
    QuarkusCqlSession session;

    private DeadLetterView cached;
    private Instant cachedAt = Instant.EPOCH;
    /** One consumer for the service's life (assigned and positioned per read; no group, nothing committed). */
    private KafkaConsumer<String, String> consumer;

    public synchronized DeadLetterView current() {
        Instant now = Instant.now();
        if (cached == null || now.isAfter(cachedAt.plus(FRESH_FOR))) {
            List<String> errors = new ArrayList<>();
            List<DeadLetter> ingest;
            try {
                ingest = fromKafka();
            } catch (RuntimeException e) {
                ingest = List.of();
                errors.add("Kafka " + config.dlqTopic() + ": " + e.getMessage());
            }
            List<DeadLetter> job;
            try {
                job = fromCassandra();
            } catch (RuntimeException e) {
                job = List.of();
                errors.add("Cassandra " + CassandraSchema.REJECTED_TABLE + ": " + e.getMessage());
            }
            cached = new DeadLetterView(config.dlqTopic(), CassandraSchema.KEYSPACE + "." + CassandraSchema.REJECTED_TABLE,
                    ingest, job, errors);
            cachedAt = now;
        }
        return cached;
    }

    /** The last {@value #LATEST} records of each partition of the dead-letter topic, newest first. */
    private List<DeadLetter> fromKafka() {
        if (consumer == null) {
            consumer = newConsumer();
        }
        List<DeadLetter> out = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(config.dlqTopic(), KAFKA_WAIT);
        if (infos == null || infos.isEmpty()) {
            return out;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, KAFKA_WAIT);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KAFKA_WAIT);
        long wanted = 0;
        for (TopicPartition tp : partitions) {
            long from = Math.max(begin.get(tp), end.get(tp) - LATEST);
            consumer.seek(tp, from);
            wanted += end.get(tp) - from;
        }
        long deadline = System.nanoTime() + KAFKA_WAIT.toNanos();
        long read = 0;
        while (read < wanted && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    read++;
                    out.add(new DeadLetter("ingest-service", Instant.ofEpochMilli(r.timestamp()), header(r, RecordHeaders.DLQ_REASON),
                            r.key(), r.topic(), r.partition(), r.offset(), shorten(r.value())));
                }
            }
        }
        out.sort(Comparator.comparing(DeadLetter::at).reversed());
        return out.size() > LATEST ? new ArrayList<>(out.subList(0, LATEST)) : out;
    }

    private KafkaConsumer<String, String> newConsumer() {
        Map<String, Object> props = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-service-dashboard");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props);
    }

    @PreDestroy
    synchronized void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The newest rejected rows of each (topic, partition) of rejected_users, newest first. */
    private List<DeadLetter> fromCassandra() {
        String table = CassandraSchema.KEYSPACE + "." + CassandraSchema.REJECTED_TABLE;
        List<DeadLetter> out = new ArrayList<>();
        for (Row key : session.execute("SELECT DISTINCT topic, partition FROM " + table)) {
            for (Row r : session.execute(session.prepare("SELECT topic, partition, offset, reason, raw_value, kafka_key, rejected_at FROM "
                    + table + " WHERE topic = ? AND partition = ? ORDER BY offset DESC LIMIT " + LATEST)
                    .bind(key.getString("topic"), key.getInt("partition")))) {
                out.add(new DeadLetter("spark-job", r.getInstant("rejected_at"), r.getString("reason"), r.getString("kafka_key"),
                        r.getString("topic"), r.getInt("partition"), r.getLong("offset"), shorten(r.getString("raw_value"))));
            }
        }
        out.sort(Comparator.comparing(DeadLetter::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return out.size() > LATEST ? new ArrayList<>(out.subList(0, LATEST)) : out;
    }

    private static String header(ConsumerRecord<?, ?> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static String shorten(String value) {
        if (value == null) {
            return null;
        }
        return value.length() <= VALUE_CHARS ? value : value.substring(0, VALUE_CHARS) + "…";
    }
}
