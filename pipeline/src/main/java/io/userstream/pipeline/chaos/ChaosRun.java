package io.userstream.pipeline.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userstream.contract.Topics;
import io.userstream.localstack.CassandraNode;
import io.userstream.pipeline.Http;
import io.userstream.pipeline.Pipeline;
import io.userstream.pipeline.PipelineSettings;
import io.userstream.pipeline.RepoLayout;
import io.userstream.pipeline.Supervisor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One chaos run on the whole pipeline (synthetic source, manual runs every 2 s, a few broken records
 * produced straight into the topic): faults drawn from a seeded random at random moments, each
 * healed as Kubernetes would (the {@link Supervisor} restarts what died); after each, the publisher
 * (the topic's end offsets) and the job (its committed batches) must progress again within a bound.
 * Then it heals, waits until the job's lag is 0 and no run is going, and runs {@link ExactlyOnceCheck}.
 * The same seed draws the same faults at the same moments.
 */
public final class ChaosRun {

    /**
     * @param seed          draws the faults and the moments
     * @param faultsFor     how long faults are injected
     * @param pause         how long a paused server stays paused (longer than its clients' timeouts)
     * @param recoveryBound after a fault, the publisher and the job must progress again within this
     * @param dataDir       the run's data (fresh)
     * @param minFaults     faults injected at least, even past {@code faultsFor} (6: every kind once)
     */
    public record Settings(long seed, Duration faultsFor, Duration pause, Duration recoveryBound, Path dataDir, int minFaults) {
    }

    /** What the run did and found: per fault, times injected and longest recovery; the check's result. */
    public record Report(long seed, Map<Fault, Integer> injected, Map<Fault, Duration> longestRecovery,
                         Map<Fault, Integer> overBound, long reportedPublished, int restarts, ExactlyOnceCheck.Result check) {

        public boolean ok() {
            return check.ok() && overBound.values().stream().allMatch(n -> n == 0)
                    && reportedPublished <= check.validRecords();
        }

        public String table() {
            StringBuilder t = new StringBuilder("| fault | times injected | longest recovery | over the bound |\n|---|---|---|---|\n");
            for (Fault f : Fault.values()) {
                t.append("| ").append(f.label).append(" | ").append(injected.getOrDefault(f, 0)).append(" | ")
                        .append(longestRecovery.containsKey(f) ? String.format("%.1f s", longestRecovery.get(f).toMillis() / 1000.0) : "-")
                        .append(" | ").append(overBound.getOrDefault(f, 0)).append(" |\n");
            }
            return t + String.format("%nrecords in users_created %,d (valid %,d, invalid %,d), distinct users %,d, duplicate records %,d "
                            + "(counted; each user is one row)%nreported published by the ingest service %,d; lost %d, phantom rows %d, "
                            + "rows not holding their newest record %d, rejects not matching invalid records %d; restarts %d; seed %d%n",
                    check.records(), check.validRecords(), check.invalidRecords(), check.distinctIds(), check.duplicateRecords(),
                    reportedPublished, check.lost(), check.phantomRows(), check.staleRows(), check.misfiledRejects(), restarts, seed)
                    + (check.examples().isEmpty() ? "" : "examples: " + check.examples() + "\n");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] BROKEN = {"this is not json", "{\"name\":{\"first\":\"No\",\"last\":\"Uuid\"}}",
            "{\"login\":{\"uuid\":\"not-a-uuid\"}}"};

    private ChaosRun() {
    }

    /** Starts a fresh pipeline in {@code s.dataDir()}, runs the faults and the checks, stops it. */
    public static Report run(Settings s, RepoLayout repo, java.util.function.Consumer<String> log) throws Exception {
        PipelineSettings settings = new PipelineSettings(s.dataDir(), true, PipelineSettings.SOURCE_SYNTHETIC, false, 0, 0,
                Map.of(), Map.of());
        try (Pipeline pipeline = Pipeline.start(settings, repo)) {
            return run(s, pipeline, log);
        }
    }

    /** Runs the faults and the checks on a running pipeline (the end-to-end test's); it is left running. */
    public static Report run(Settings s, Pipeline pipeline, java.util.function.Consumer<String> log) throws Exception {
        Random random = new Random(s.seed());
        Map<String, Integer> published = new ConcurrentHashMap<>();
        Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
        Map<Fault, Duration> longest = new EnumMap<>(Fault.class);
        Map<Fault, Integer> overBound = new EnumMap<>(Fault.class);
        Object lock = new Object();
        Supervisor supervisor = Supervisor.forChaos(pipeline, log);
        ScheduledExecutorService background = Executors.newScheduledThreadPool(3);
        try {
            background.scheduleWithFixedDelay(() -> {
                synchronized (lock) {
                    supervisor.tick();
                }
            }, 0, 500, TimeUnit.MILLISECONDS);
            background.scheduleWithFixedDelay(() -> load(pipeline, published), 0, 2, TimeUnit.SECONDS);
            java.util.concurrent.atomic.AtomicInteger broken = new java.util.concurrent.atomic.AtomicInteger();
            background.scheduleWithFixedDelay(() -> produceBroken(pipeline, broken.getAndIncrement() % BROKEN.length),
                    3, 7, TimeUnit.SECONDS);
            long end = System.nanoTime() + s.faultsFor().toNanos();
            // Every kind of fault once per cycle, in an order the seed shuffles: each several times in a long run.
            List<Fault> cycle = new ArrayList<>();
            int total = 0;
            while (System.nanoTime() < end || total < s.minFaults()) {
                if (cycle.isEmpty()) {
                    cycle.addAll(List.of(Fault.values()));
                    Collections.shuffle(cycle, random);
                }
                Thread.sleep(2_000 + random.nextInt(6_000));
                Fault fault = cycle.remove(0);
                total++;
                long offsetsBefore = kafkaEnd(pipeline);
                long batchBefore = lastCommittedBatch(pipeline);
                log.accept("inject: " + fault.label);
                long at = System.nanoTime();
                synchronized (lock) {
                    fault.inject(pipeline, s.pause());
                }
                injected.merge(fault, 1, Integer::sum);
                boolean progressed = awaitAbove(() -> kafkaEnd(pipeline), offsetsBefore, at, s.recoveryBound())
                        && awaitAbove(() -> lastCommittedBatch(pipeline), batchBefore, at, s.recoveryBound());
                Duration recovery = Duration.ofNanos(System.nanoTime() - at);
                longest.merge(fault, recovery, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                if (!progressed) {
                    overBound.merge(fault, 1, Integer::sum);
                }
                log.accept(String.format("recovered from %s in %.1f s%s", fault.label, recovery.toMillis() / 1000.0,
                        progressed ? "" : " (OVER THE BOUND " + s.recoveryBound() + ")"));
            }
            background.shutdownNow();
            background.awaitTermination(3, TimeUnit.MINUTES);
            synchronized (lock) {
                healAll(pipeline, supervisor, log);
            }
            awaitQuiet(pipeline, published);
        } finally {
            background.shutdownNow();
        }
        CassandraNode cassandra = pipeline.stack().cassandra();
        ExactlyOnceCheck.Result check = ExactlyOnceCheck.run(pipeline.stack().kafka().bootstrapServers(), cassandra.host(),
                cassandra.port(), cassandra.localDatacenter());
        long reported = published.values().stream().mapToLong(Integer::longValue).sum();
        return new Report(s.seed(), injected, longest, overBound, reported, supervisor.restarts(), check);
    }

    /** A manual run of synthetic users, not waited for; and the published counts of the runs seen so far. */
    private static void load(Pipeline pipeline, Map<String, Integer> published) {
        try {
            Http.post(pipeline.ingestUrl() + "/api/ingest/runs?wait=0&count=2000&source=synthetic", Duration.ofSeconds(10));
            JsonNode runs = JSON.readTree(Http.get(pipeline.ingestUrl() + "/api/ingest/runs?limit=100").body());
            for (JsonNode r : runs) {
                published.merge(r.path("id").asText(), r.path("published").asInt(), Math::max);
            }
        } catch (Exception serviceDown) {
            // the ingest service is being restarted: the next tick tries again
        }
    }

    private static void produceBroken(Pipeline pipeline, int which) {
        Properties p = new Properties();
        try {
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.stack().kafka().bootstrapServers());
        } catch (IllegalStateException kafkaDown) {
            return;
        }
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "6000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.USERS_CREATED, "broken", BROKEN[which])).get(10, TimeUnit.SECONDS);
        } catch (Exception kafkaAway) {
            // whatever reached the topic is checked; nothing here is counted
        }
    }

    /**
     * The job's last committed micro-batch (its checkpoint's commits/ directory): grows only when
     * the job wrote new records, across its restarts (row counts do not: the synthetic source sends
     * the same users again after the ingest service restarts).
     */
    private static long lastCommittedBatch(Pipeline pipeline) {
        try (var files = java.nio.file.Files.list(pipeline.checkpoint().resolve("commits"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .mapToLong(Long::parseLong).max().orElse(-1);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    private static long kafkaEnd(Pipeline pipeline) {
        try {
            return ExactlyOnceCheck.endOffsets(pipeline.stack().kafka().bootstrapServers(), Topics.USERS_CREATED);
        } catch (IllegalStateException down) {
            return -1;
        }
    }

    private static boolean awaitAbove(LongSupplier value, long before, long since, Duration bound) throws InterruptedException {
        while (System.nanoTime() - since < bound.toNanos()) {
            if (value.getAsLong() > before) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** Everything running again (a paused server is resumed by its fault; a dead one restarted now). */
    private static void healAll(Pipeline pipeline, Supervisor supervisor, java.util.function.Consumer<String> log) {
        for (var node : pipeline.processes()) {
            if (!node.isRunning()) {
                log.accept("heal: restarting " + node.name());
                node.restart(Duration.ofSeconds(180));
            }
        }
    }

    /** No run going, the job's lag 0 and the row count stable: bounded at 5 minutes. */
    private static void awaitQuiet(Pipeline pipeline, Map<String, Integer> published) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long lastRows = -2;
        while (System.nanoTime() < deadline) {
            boolean running = false;
            try {
                JsonNode runs = JSON.readTree(Http.get(pipeline.ingestUrl() + "/api/ingest/runs?limit=100").body());
                for (JsonNode r : runs) {
                    published.merge(r.path("id").asText(), r.path("published").asInt(), Math::max);
                    running |= r.path("status").asText().equals("running");
                }
            } catch (Exception notYet) {
                running = true;
            }
            long rows = pipeline.probe().rowCounts().users();
            if (!running && pipeline.probe().sparkMetric("lag_total") == 0 && rows == lastRows) {
                return;
            }
            lastRows = rows;
            Thread.sleep(3_000);
        }
    }
}
