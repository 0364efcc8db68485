package io.userstream.localstack;

import io.userstream.localstack.junit.LocalStackTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker local-stack starts is a real one: topics, keyed produce with acks=all, consume. */
@LocalStackTest
class KafkaIT {

    private static final int RECORDS = 1_000;

    @Test
    void producesAndConsumesExactlyTheRecordsSent(KafkaNode kafka) throws Exception {
        String topic = "local-stack-it";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }

        Map<String, String> sent = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka))) {
            List<Future<?>> acks = new java.util.ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                String key = "user-" + i;
                String value = "{\"n\":" + i + "}";
                sent.put(key, value);
                acks.add(producer.send(new ProducerRecord<>(topic, key, value)));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        }

        Map<String, String> received = new HashMap<>();
        int duplicates = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(kafka))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (received.put(r.key(), r.value()) != null) {
                        duplicates++;
                    }
                }
            }
        }
        assertThat(received).isEqualTo(sent);
        assertThat(duplicates).isZero();
    }

    private static Properties producerProps(KafkaNode kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return p;
    }

    private static Properties consumerProps(KafkaNode kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-it");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return p;
    }
}
