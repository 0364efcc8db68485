package io.userstream.spark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.spark.connector.cql.CassandraConnector;
import io.userstream.contract.CassandraSchema;
import io.userstream.localstack.LocalStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Benchmark (a command, not a test): Kafka -> Cassandra rows/s of the job on a pre-loaded topic,
 * next to the raw Cassandra write ceiling (async prepared inserts of the same rows through the
 * connector's shaded driver session) measured in the same run, their ratio, and the
 * produce-to-row latency of single records (p50, p99). Everything on 127.0.0.1 (local-stack).
 *
 * <p>Knobs (environment): BENCH_RECORDS (200000), BENCH_PARTITIONS (3), BENCH_LATENCY_SAMPLES (50),
 * BENCH_CEILING_IN_FLIGHT (256), BENCH_MASTER (local[2]), and the job's own variables
 * (USERSTREAM_MAX_OFFSETS_PER_TRIGGER, USERSTREAM_TRIGGER_INTERVAL, CASSANDRA_CONCURRENT_WRITES,
 * CASSANDRA_BATCH_SIZE_ROWS, ...) for the job under test. Run with spark-app/bench.sh.
 */
public final class StreamBenchmark {

    static final Duration MAX_WAIT = Duration.ofMinutes(10);
    static final int WARMUP_RECORDS = 40_000;
    static final String[][] NAMES = {
            {"Mia", "Krüger"}, {"ریحانه", "کامروا"}, {"Ярослав", "Кравченко"}, {"Hélène", "Lefèvre"}, {"Oliver", "Smith"}};

    public static void main(String[] args) throws Exception {
        int records = intEnv("BENCH_RECORDS", 200_000);
        int partitions = intEnv("BENCH_PARTITIONS", 3);
        int samples = intEnv("BENCH_LATENCY_SAMPLES", 50);
        int inFlight = intEnv("BENCH_CEILING_IN_FLIGHT", 256);
        Path work = Files.createTempDirectory("userstream-bench");
        try (LocalStack stack = LocalStack.builder().dataDir(work.resolve("stack")).fresh(true)
                .kafkaHeapMb(512).cassandraHeapMb(1024).start()) {
            String bootstrap = stack.kafka().bootstrapServers();
            String topic = "bench_users";

            // 1. Pre-load the topic, and a smaller one to warm up on.
            List<UUID> ids = preload(bootstrap, topic, records);
            List<UUID> warmupIds = preload(bootstrap, "bench_warmup", WARMUP_RECORDS);

            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            env.put("CASSANDRA_CONTACT_POINTS", stack.cassandra().contactPoint());
            env.putIfAbsent("CASSANDRA_CONSISTENCY_LEVEL", "ONE");
            env.put("USERSTREAM_STARTING_OFFSETS", "earliest");
            env.put("USERSTREAM_TOPIC", topic);
            env.put("SPARK_CHECKPOINT_LOCATION", work.resolve("checkpoint").toString());
            JobSettings settings = JobSettings.fromEnv(env);
            env.put("USERSTREAM_TOPIC", "bench_warmup");
            env.put("SPARK_CHECKPOINT_LOCATION", work.resolve("checkpoint-warmup").toString());
            JobSettings warmupSettings = JobSettings.fromEnv(env);
            SparkSession spark = SparkSession.builder().config(UserStreamJob.sparkConf(settings))
                    .master(System.getenv().getOrDefault("BENCH_MASTER", "local[2]"))
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false").getOrCreate();
            CassandraConnector connector = CassandraConnector.apply(spark.sparkContext());
            CassandraSetup.applySchema(spark, settings);

            // 2. Warm-up (JIT of Spark, driver and Cassandra): both writers on a smaller data set, not measured.
            connector.withSessionDo(session -> ceiling(session, warmupIds, inFlight, "ceiling_warmup"));
            UserStream warmup = UserStream.start(spark, warmupSettings);
            StreamTestSupport.awaitProcessed(warmup.query(), WARMUP_RECORDS, MAX_WAIT);
            warmup.stopGracefully(Duration.ofSeconds(30));
            System.out.printf("warmed up on %d records%n", WARMUP_RECORDS);

            // 3. Diagnostic: Spark alone (Kafka read + parse + validate, no write) on the same topic.
            long t = System.nanoTime();
            UserRecords.users(UserRecords.parse(spark.read().format("kafka")
                    .option("kafka.bootstrap.servers", bootstrap).option("subscribe", topic)
                    .option("minPartitions", UserStream.minPartitions(spark)).load()))
                    .write().format("noop").mode("overwrite").save();
            double sparkOnly = records / secondsSince(t);

            // 4. The raw write ceiling: the same rows, async prepared inserts, into a twin table,
            // before and after the job (each pays for the other's flushes and compactions): the mean.
            double ceilingBefore = connector.withSessionDo(session -> ceiling(session, ids, inFlight, "ceiling_users_1"));

            // 5. The job, from its start to the last record committed.
            t = System.nanoTime();
            UserStream stream = UserStream.start(spark, settings);
            StreamTestSupport.awaitProcessed(stream.query(), records, MAX_WAIT);
            double seconds = secondsSince(t);
            double job = records / seconds;
            StreamingQueryProgress[] progress = stream.query().recentProgress();
            List<StreamingQueryProgress> withData = Arrays.stream(progress).filter(p -> p.numInputRows() > 0).toList();
            long stored = stream.metrics().rowsWritten();

            // 6. Latency of single records through the running job.
            List<Long> latencies = latencies(bootstrap, topic, connector, samples);
            stream.stopGracefully(Duration.ofSeconds(30));

            double ceilingAfter = connector.withSessionDo(session -> ceiling(session, ids, inFlight, "ceiling_users_2"));
            double ceiling = (ceilingBefore + ceilingAfter) / 2;
            spark.stop();
            CassandraConnector.evictCache();

            System.out.println();
            System.out.println("=== userstream benchmark (" + records + " records, " + partitions + " partitions, "
                    + settings.maxOffsetsPerTrigger() + " maxOffsetsPerTrigger, trigger " + settings.triggerInterval()
                    + ", concurrent.writes " + settings.cassandraConcurrentWrites() + ", batch.size.rows "
                    + settings.cassandraBatchSizeRows() + ") ===");
            System.out.printf("raw Cassandra write ceiling : %8.0f rows/s (%d in flight; %.0f before, %.0f after the job)%n",
                    ceiling, inFlight, ceilingBefore, ceilingAfter);
            System.out.printf("Kafka -> Cassandra job      : %8.0f rows/s (%.1f s, %d batches, %d rows written)%n",
                    job, seconds, withData.size(), stored);
            System.out.printf("  (Spark alone: Kafka read + parse + validate, no write: %.0f rows/s)%n", sparkOnly);
            System.out.printf("ratio job / ceiling         : %8.2f (target >= 0.70)%n", job / ceiling);
            System.out.printf("produce-to-row latency      : p50 %d ms, p99 %d ms (%d samples)%n",
                    percentile(latencies, 50), percentile(latencies, 99), latencies.size());
        }
        System.exit(0);
    }

    static List<UUID> preload(String bootstrap, String topic, int records) throws Exception {
        StreamTestSupport.createTopic(bootstrap, topic, intEnv("BENCH_PARTITIONS", 3));
        List<UUID> ids = new ArrayList<>(records);
        long t = System.nanoTime();
        try (KafkaProducer<String, String> producer = StreamTestSupport.producer(bootstrap)) {
            for (int i = 0; i < records; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                producer.send(new ProducerRecord<>(topic, id.toString(), userJson(id, i)));
            }
            producer.flush();
        }
        System.out.printf("pre-loaded %d records into %s in %.1f s%n", records, topic, secondsSince(t));
        return ids;
    }

    static double ceiling(CqlSession session, List<UUID> ids, int inFlight, String table) {
        session.execute(CassandraSchema.statements(CassandraSchema.simpleReplication(1)).get(1)
                .replace("spark_streams.created_users", "spark_streams." + table));
        PreparedStatement insert = session.prepare("INSERT INTO spark_streams." + table + " (id, first_name, last_name,"
                + " gender, address, post_code, email, username, dob, registered_date, phone, picture, nationality,"
                + " ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        Semaphore permits = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Instant dob = Instant.parse("1993-07-20T09:44:18.674Z");
        Instant registered = Instant.parse("2015-05-27T06:04:40.219Z");
        long t = System.nanoTime();
        for (int i = 0; i < ids.size(); i++) {
            String[] name = NAMES[i % NAMES.length];
            UUID id = ids.get(i);
            permits.acquireUninterruptibly();
            CompletionStage<AsyncResultSet> f = session.executeAsync(insert.bind(id, name[0], name[1], "female",
                    "4512 Lindenstraße, Wolfenbüttel, Niedersachsen, Germany", "38302",
                    (name[0] + "." + name[1] + "@example.com").toLowerCase(), "user" + id.toString().substring(0, 8),
                    dob, registered, "0581-1234567", "https://randomuser.me/api/portraits/women/1.jpg", "DE",
                    Instant.now()));
            f.whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                permits.release();
            });
        }
        permits.acquireUninterruptibly(inFlight);
        if (failure.get() != null) {
            throw new IllegalStateException("ceiling insert failed", failure.get());
        }
        return ids.size() / secondsSince(t);
    }

    static List<Long> latencies(String bootstrap, String topic, CassandraConnector connector, int samples)
            throws Exception {
        List<Long> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", bootstrap, "acks", "all", "linger.ms", 0),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            CqlSession session = connector.openSession();
            try {
                PreparedStatement select = session.prepare("SELECT id FROM spark_streams.created_users WHERE id = ?");
                for (int i = 0; i < samples && System.nanoTime() < deadline; i++) {
                    UUID id = UUID.randomUUID();
                    long sent = System.nanoTime();
                    producer.send(new ProducerRecord<>(topic, id.toString(), userJson(id, i))).get();
                    while (!found(session, select, id) && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    out.add((System.nanoTime() - sent) / 1_000_000);
                }
            } finally {
                session.close();
            }
        }
        return out;
    }

    static boolean found(CqlSession session, PreparedStatement select, UUID id) {
        try {
            return session.execute(select.bind(id)).one() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String userJson(UUID id, int i) {
        String[] name = NAMES[i % NAMES.length];
        Map<String, Object> u = TestUsers.user(id, name[0], name[1]);
        if (i % 2 == 1) {
            TestUsers.sub(u, "location").put("postcode", "FK7 9JQ");
        }
        return TestUsers.json(u);
    }

    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    static int intEnv(String key, int dflt) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
    }
}
