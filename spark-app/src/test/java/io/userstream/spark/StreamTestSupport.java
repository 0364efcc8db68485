package io.userstream.spark;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/** Kafka with Spark's own kafka-clients (3.x), and bounded waits on a query's progress. */
public final class StreamTestSupport {

    private StreamTestSupport() {
    }

    public static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    public static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new StringSerializer());
    }

    /** Sends key/value pairs and waits for every ack; returns their metadata in order. */
    public static List<RecordMetadata> send(String bootstrap, String topic, List<Map.Entry<String, String>> records)
            throws Exception {
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Map.Entry<String, String> r : records) {
                acks.add(producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())));
            }
            List<RecordMetadata> out = new ArrayList<>();
            for (Future<RecordMetadata> a : acks) {
                out.add(a.get());
            }
            return out;
        }
    }

    /** Sum over partitions of a progress' end offsets (= records processed when offsets start at 0). */
    public static long processedOffsets(StreamingQueryProgress p) {
        long sum = 0;
        for (SourceProgress s : p.sources()) {
            sum += ProgressLogger.offsets(s.endOffset()).values().stream().mapToLong(Long::longValue).sum();
        }
        return sum;
    }

    /** Waits, polling the last progress, until the query has committed {@code total} offsets. */
    public static void awaitProcessed(StreamingQuery query, long total, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (query.exception().isDefined()) {
                throw new AssertionError("query failed", query.exception().get());
            }
            StreamingQueryProgress p = query.lastProgress();
            if (p != null && processedOffsets(p) >= total) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("query did not process " + total + " records within " + timeout
                + "; last progress: " + query.lastProgress());
    }
}
