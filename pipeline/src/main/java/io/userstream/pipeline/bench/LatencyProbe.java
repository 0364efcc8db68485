package io.userstream.pipeline.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.userstream.contract.CassandraSchema;
import io.userstream.contract.Topics;
import io.userstream.localstack.LocalStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Event-to-row latency, measured from outside the job: during a measuring window it produces a
 * marker user (a valid record with a fresh {@code login.uuid}) into {@code users_created} every
 * {@link #EVERY_MILLIS} ms, beside the load, and looks each one up in {@code created_users} by its
 * id every {@link #POLL_MILLIS} ms until the row is there. Latency = the moment the lookup first
 * finds the row minus the record's Kafka timestamp (same clock); the lookup period bounds its
 * resolution. (Cassandra's WRITETIME cannot serve: the job writes each row USING TIMESTAMP of its
 * Kafka record.)
 *
 * <p>The lookups ask for {@link #LOOKUP_GROUP} ids per request ({@code IN}): a probe must not load
 * what it measures. Until 2026-12-03 each outstanding marker was a request of its own, every 20 ms:
 * at 15 s of latency, 150 markers outstanding, up to 7,500 requests a second against a Cassandra
 * writing ~500 rows a second, which made the latency it measured worse.
 */
final class LatencyProbe implements AutoCloseable {

    static final long EVERY_MILLIS = 100;
    static final long POLL_MILLIS = 20;
    static final int LOOKUP_GROUP = 50;

    private record Marker(UUID id, long producedAtMs, int window) {
    }

    private final KafkaProducer<String, String> producer;
    private final CqlSession session;
    private final PreparedStatement lookup;
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "latency-probe");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Marker> outstanding = new ConcurrentLinkedQueue<>();
    private final Map<Integer, List<Long>> found = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> sent = new ConcurrentHashMap<>();
    private volatile int window = -1;
    private int windows;

    LatencyProbe(LocalStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        session = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(stack.cassandra().host(), stack.cassandra().port()))
                .withLocalDatacenter(stack.cassandra().localDatacenter()).build();
        lookup = session.prepare("SELECT id FROM " + CassandraSchema.KEYSPACE + "." + CassandraSchema.USERS_TABLE + " WHERE id IN ?");
        threads.scheduleAtFixedRate(this::send, 0, EVERY_MILLIS, TimeUnit.MILLISECONDS);
        threads.scheduleWithFixedDelay(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts a measuring window; markers go out until {@link #end}. */
    synchronized int begin() {
        int w = windows++;
        found.put(w, java.util.Collections.synchronizedList(new ArrayList<>()));
        sent.put(w, 0);
        window = w;
        return w;
    }

    /** Stops sending markers for the current window. */
    void end() {
        window = -1;
    }

    /** Latencies of a window's markers, waiting at most {@code maxWait} for the last ones; unseen markers are counted as missing. */
    Result collect(int w, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (System.nanoTime() < deadline && outstanding.stream().anyMatch(m -> m.window() == w)) {
            Thread.sleep(50);
        }
        List<Long> micros;
        synchronized (found.get(w)) {
            micros = new ArrayList<>(found.get(w));
        }
        outstanding.removeIf(m -> m.window() == w);
        return new Result(Latencies.of(micros.stream().mapToLong(Long::longValue).toArray()), sent.get(w) - micros.size());
    }

    /** A window's latencies, and the markers that never became a row within the wait. */
    record Result(Latencies latencies, int missing) {
    }

    private void send() {
        int w = window;
        if (w < 0) {
            return;
        }
        UUID id = UUID.randomUUID();
        sent.merge(w, 1, Integer::sum);
        producer.send(new ProducerRecord<>(Topics.USERS_CREATED, id.toString(), ProducerPerf.samplePayload(id)), (meta, error) -> {
            if (error == null) {
                outstanding.add(new Marker(id, meta.timestamp(), w));
            }
        });
    }

    private void poll() {
        try {
            List<Marker> batch = new ArrayList<>(outstanding);
            List<List<Marker>> groups = new ArrayList<>();
            List<CompletionStage<AsyncResultSet>> reads = new ArrayList<>();
            for (int i = 0; i < batch.size(); i += LOOKUP_GROUP) {
                List<Marker> group = batch.subList(i, Math.min(batch.size(), i + LOOKUP_GROUP));
                groups.add(group);
                reads.add(session.executeAsync(lookup.bind(group.stream().map(Marker::id).toList())));
            }
            for (int g = 0; g < groups.size(); g++) {
                AsyncResultSet rows = reads.get(g).toCompletableFuture().get(10, TimeUnit.SECONDS);
                long now = System.currentTimeMillis();
                java.util.Set<UUID> there = new java.util.HashSet<>();
                rows.currentPage().forEach(r -> there.add(r.getUuid("id")));   // at most 50 rows: one page
                for (Marker m : groups.get(g)) {
                    if (there.contains(m.id()) && outstanding.remove(m)) {
                        List<Long> list = found.get(m.window());
                        if (list != null) {
                            list.add(Math.max(0, now - m.producedAtMs()) * 1000);
                        }
                    }
                }
            }
        } catch (Exception e) {
            // a slow or failed lookup: the markers stay outstanding and are looked up again
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        producer.close(Duration.ofSeconds(5));
        session.close();
    }
}
