package io.userstream.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/** The options of Spark's Kafka source for the job's settings; security from contract's one builder. */
final class KafkaSourceOptions {

    private KafkaSourceOptions() {
    }

    static Map<String, String> of(JobSettings s) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("kafka.bootstrap.servers", s.kafkaBootstrapServers());
        o.put("subscribe", s.topic());
        o.put("startingOffsets", s.startingOffsets());
        o.put("maxOffsetsPerTrigger", Long.toString(s.maxOffsetsPerTrigger()));
        o.put("failOnDataLoss", Boolean.toString(s.failOnDataLoss()));
        o.putAll(s.kafkaSecurity().clientProperties("kafka."));
        return o;
    }
}
