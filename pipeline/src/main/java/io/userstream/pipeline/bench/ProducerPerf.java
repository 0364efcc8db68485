package io.userstream.pipeline.bench;

import io.userstream.localstack.ChildJvm;
import io.userstream.localstack.KafkaNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * (a) of `make bench`: Kafka's own ProducerPerformance against the local broker, with the ingest
 * service's producer settings read from its application.properties (acks=all, idempotent, lz4) and payloads of user-record JSON of the
 * API's size, so lz4 compresses them as it compresses real records.
 */
final class ProducerPerf {

    private static final Pattern RATE = Pattern.compile("([0-9.]+) records/sec");

    private ProducerPerf() {
    }

    /** The ingest channel's prefix in application.properties; keys with a dash after it are SmallRye's, not Kafka's. */
    static final String CHANNEL = "mp.messaging.outgoing.users-out.";

    /**
     * The Kafka producer settings of the ingest service's channel, read from its application.properties
     * (profile lines like {@code %test.} excluded): what (a) measures is what (c) runs with.
     */
    static List<String> ingestProducerProps(Path applicationProperties) throws IOException {
        java.util.Properties all = new java.util.Properties();
        try (var in = Files.newBufferedReader(applicationProperties)) {
            all.load(in);
        }
        List<String> props = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(all.stringPropertyNames())) {
            String kafkaKey = key.startsWith(CHANNEL) ? key.substring(CHANNEL.length()) : "";
            if (!kafkaKey.isEmpty() && !kafkaKey.contains("-") && !kafkaKey.endsWith("serializer")
                    && !List.of("connector", "topic").contains(kafkaKey)) {
                props.add(kafkaKey + "=" + all.getProperty(key));
            }
        }
        if (!props.contains("acks=all")) {
            throw new IllegalStateException("no producer settings of " + CHANNEL + "* found in " + applicationProperties);
        }
        return props;
    }

    static double measure(KafkaNode kafka, int records, Path workDir, Path ingestProperties) throws IOException {
        Path payloads = workDir.resolve("payloads.txt");
        Files.write(payloads, samplePayloads(1000));
        Path log = workDir.resolve("producer-performance.log");
        List<String> args = new ArrayList<>(List.of("--topic", "bench_producer_performance", "--num-records",
                String.valueOf(records), "--throughput", "-1", "--payload-file", payloads.toString(),
                "--producer-props", "bootstrap.servers=" + kafka.bootstrapServers()));
        args.addAll(ingestProducerProps(ingestProperties));
        ChildJvm.runToCompletion("Kafka ProducerPerformance", Path.of(System.getProperty("java.home"), "bin", "java"),
                KafkaNode.toolsClasspath(), List.of("-Xmx512m"), "org.apache.kafka.tools.ProducerPerformance",
                args, workDir, log, 300);
        double rate = -1;
        for (String line : Files.readAllLines(log)) {
            Matcher m = RATE.matcher(line);
            if (line.contains("records sent") && m.find()) {
                rate = Double.parseDouble(m.group(1));
            }
        }
        if (rate < 0) {
            throw new IllegalStateException("no summary line in " + log);
        }
        return rate;
    }

    /** JSON lines shaped like randomuser.me results (about 1.1 KB each, varied like real ones). */
    static List<String> samplePayloads(int count) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(samplePayload(java.util.UUID.randomUUID()));
        }
        return lines;
    }

    /** One user record of the API's shape and size, valid against the contract, with {@code login.uuid} = {@code id}. */
    static String samplePayload(java.util.UUID id) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String first = "Name" + r.nextInt(100_000);
        String last = "Surname" + r.nextInt(100_000);
        return (("{\"gender\":\"female\",\"name\":{\"title\":\"Ms\",\"first\":\"%s\",\"last\":\"%s\"},"
                + "\"location\":{\"street\":{\"number\":%d,\"name\":\"Street %d\"},\"city\":\"City %d\","
                + "\"state\":\"State %d\",\"country\":\"Country\",\"postcode\":%d,\"coordinates\":{\"latitude\":\"%.4f\","
                + "\"longitude\":\"%.4f\"},\"timezone\":{\"offset\":\"+1:00\",\"description\":\"Brussels, Copenhagen, Madrid, Paris\"}},"
                + "\"email\":\"%s.%s@example.com\",\"login\":{\"uuid\":\"%s\",\"username\":\"user%d\",\"password\":\"pw%d\","
                + "\"salt\":\"%08x\",\"md5\":\"%032x\",\"sha1\":\"%040x\",\"sha256\":\"%064x\"},"
                + "\"dob\":{\"date\":\"1980-01-01T00:00:00.000Z\",\"age\":45},\"registered\":{\"date\":\"2010-01-01T00:00:00.000Z\",\"age\":15},"
                + "\"phone\":\"0%d-%d\",\"cell\":\"0%d-%d\",\"id\":{\"name\":\"SSN\",\"value\":\"%d\"},"
                + "\"picture\":{\"large\":\"https://randomuser.me/api/portraits/women/%d.jpg\","
                + "\"medium\":\"https://randomuser.me/api/portraits/med/women/%d.jpg\","
                + "\"thumbnail\":\"https://randomuser.me/api/portraits/thumb/women/%d.jpg\"},\"nat\":\"FR\"}")
                .formatted(first, last, r.nextInt(9999), r.nextInt(999), r.nextInt(999), r.nextInt(99), r.nextInt(99999),
                        r.nextDouble(-90, 90), r.nextDouble(-180, 180), first.toLowerCase(), last.toLowerCase(),
                        id, r.nextInt(1_000_000), r.nextInt(1_000_000), r.nextInt(),
                        new java.math.BigInteger(128, r), new java.math.BigInteger(160, r), new java.math.BigInteger(256, r),
                        r.nextInt(999), r.nextInt(9_999_999), r.nextInt(999), r.nextInt(9_999_999), r.nextLong(1_000_000_000L),
                        r.nextInt(99), r.nextInt(99), r.nextInt(99)));
    }
}
