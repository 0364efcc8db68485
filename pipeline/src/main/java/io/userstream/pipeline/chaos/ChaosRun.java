package io.userstream.pipeline.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userstream.contract.Topics;
import io.userstream.contract.UsersCreatedSchema;
import io.userstream.contract.env.EnvVar;
import io.userstream.localstack.CassandraNode;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One chaos run on the whole pipeline (manual runs of a fixed size one after the other, alternately
 * from the synthetic source and from the HTTP stub of randomuser.me ({@link RandomUserStub}), which
 * interleaves the API's faults with good pages: 5xx, 429 with Retry-After, error bodies, timeouts; straight into the topic, a few broken records and users in three versions each): faults drawn from a seeded random,
 * each healed as Kubernetes would (the {@link Supervisor} of `make run` restarts what died); after
 * each, the publisher (the topic's end offsets) and the job (its committed batches) must progress
 * again within a bound. Then it heals, waits until no run is going and the job has committed the
 * topic's end offsets, and runs {@link ExactlyOnceCheck}.
 *
 * <p>The load is a NUMBER of users, not a rate: {@code runsBetweenFaults} runs, then a fault while
 * the last of them flows, and so on; after the last fault, {@code runsBetweenFaults} runs more. A
 * slow machine makes the run longer, never larger (a rate over time once offered 939k users to a job
 * that could not keep up, and the check then ran before the job had caught up). The same seed draws
 * the same faults in the same order.
 */
public final class ChaosRun {

    /**
     * @param seed              draws the faults' order and the moments within a run
     * @param faultsFor         faults are injected at least this long (0: just {@code minFaults})
     * @param runSize           users per manual run
     * @param runsBetweenFaults manual runs started between two faults (and before the first, after the last)
     * @param pause             how long a paused server stays paused (longer than its clients' timeouts)
     * @param recoveryBound     after a fault, the publisher and the job must progress again within this
     * @param catchUpBound      after the last run, the job must have committed the topic's end within this
     * @param dataDir           the run's data (fresh)
     * @param minFaults         faults injected at least, even past {@code faultsFor} (every kind once: {@code Fault.values().length})
     */
    public record Settings(long seed, Duration faultsFor, int runSize, int runsBetweenFaults, Duration pause,
                           Duration recoveryBound, Duration catchUpBound, Path dataDir, int minFaults) {
    }

    /** What the run did and found: per fault, times injected and longest recovery; the check's result. */
    public record Report(long seed, Map<Fault, Integer> injected, Map<Fault, Duration> longestRecovery,
                         Map<Fault, Integer> overBound, long usersRequested, long reportedPublished, int restarts,
                         boolean caughtUp, String catchUp, Duration took, ExactlyOnceCheck.Result check,
                         Map<RandomUserStub.ApiFault, Integer> apiFaults, int apiPages) {

        public boolean ok() {
            return caughtUp && check.ok() && overBound.values().stream().allMatch(n -> n == 0)
                    && reportedPublished <= check.validRecords();
        }

        public String table() {
            StringBuilder t = new StringBuilder("| fault | times injected | longest recovery | over the bound |\n|---|---|---|---|\n");
            for (Fault f : Fault.values()) {
                t.append("| ").append(f.label).append(" | ").append(injected.getOrDefault(f, 0)).append(" | ")
                        .append(longestRecovery.containsKey(f) ? String.format("%.1f s", longestRecovery.get(f).toMillis() / 1000.0) : "-")
                        .append(" | ").append(overBound.getOrDefault(f, 0)).append(" |\n");
            }
            if (!apiFaults.isEmpty()) {
                t.append(String.format("%n| API fault (the stub, between good pages) | times served |%n|---|---|%n"));
                apiFaults.forEach((f, n) -> t.append("| ").append(f.label).append(" | ").append(n).append(" |\n"));
                t.append("| good pages | ").append(apiPages).append(" |\n");
            }
            t.append(String.format("%n| records in users_created | valid | invalid | lost | duplicated rows | duplicate records in Kafka "
                            + "| stale rows | rejects not matching | phantom rows |%n|---|---|---|---|---|---|---|---|---|%n"
                            + "| %,d | %,d | %,d | %d | %d | %,d | %d | %d | %d |%n",
                    check.records(), check.validRecords(), check.invalidRecords(), check.lost(), check.duplicatedRows(),
                    check.duplicateRecords(), check.staleRows(), check.misfiledRejects(), check.phantomRows()));
            return t + String.format("%nusers requested %,d in manual runs, reported published %,d (each run counted once), "
                            + "distinct valid users %,d (%,d of them in records of different values); restarts by the supervisor %d; caught up: %s; took %d s; seed %d%n",
                    usersRequested, reportedPublished, check.distinctIds(), check.changedIds(), restarts, catchUp, took.toSeconds(), seed)
                    + (check.examples().isEmpty() ? "" : "examples: " + check.examples() + "\n");
        }
    }

    private static final String[] BROKEN = {"this is not json", "{\"name\":{\"first\":\"No\",\"last\":\"Uuid\"}}",
            "{\"login\":{\"uuid\":\"not-a-uuid\"}}"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChaosRun() {
    }

    /** Starts the API's stub and a fresh pipeline in {@code s.dataDir()}, runs the faults and the checks, stops them. */
    public static Report run(Settings s, RepoLayout repo, Consumer<String> log) throws Exception {
        try (RandomUserStub api = new RandomUserStub()) {
            // Pages of 500: a run of the API's users is several requests, so its faults fall within runs.
            PipelineSettings settings = new PipelineSettings(s.dataDir(), true, PipelineSettings.SOURCE_SYNTHETIC, false, 0, 0,
                    Map.of(EnvVar.RANDOMUSER_BASE_URL.name(), api.baseUrl(), EnvVar.RANDOMUSER_PAGE_SIZE.name(), "500"), Map.of());
            try (Pipeline pipeline = Pipeline.start(settings, repo)) {
                return run(s, pipeline, api, log);
            }
        }
    }

    /**
     * Runs the faults and the checks on a running pipeline (the end-to-end test's); it is left running.
     * With {@code api} (the stub the pipeline's ingest service reads randomuser.me from), every other
     * run is from the API, its faults on while the chaos runs; without, every run is synthetic.
     */
    public static Report run(Settings s, Pipeline pipeline, RandomUserStub api, Consumer<String> log) throws Exception {
        long started = System.nanoTime();
        Random random = new Random(s.seed());
        Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
        Map<Fault, Duration> longest = new EnumMap<>(Fault.class);
        Map<Fault, Integer> overBound = new EnumMap<>(Fault.class);
        Object lock = new Object();
        Supervisor supervisor = Supervisor.forChaos(pipeline, log);
        IngestClient ingest = new IngestClient(pipeline);
        Load load = new Load(ingest, s.runSize(), s.runsBetweenFaults(), api != null, log);
        if (api != null) {
            api.faults(true);
        }
        ScheduledExecutorService background = Executors.newScheduledThreadPool(3);
        String catchUp;
        boolean caughtUp;
        try {
            background.scheduleWithFixedDelay(() -> {
                synchronized (lock) {
                    supervisor.tick();
                }
            }, 0, 500, TimeUnit.MILLISECONDS);
            AtomicInteger direct = new AtomicInteger();
            background.scheduleWithFixedDelay(() -> produceDirect(pipeline, direct.getAndIncrement()), 3, 7, TimeUnit.SECONDS);
            Thread loader = new Thread(load, "chaos-load");
            loader.setDaemon(true);
            loader.start();
            long end = System.nanoTime() + s.faultsFor().toNanos();
            // Every kind of fault once per cycle, in an order the seed shuffles: each several times in a long run.
            List<Fault> cycle = new ArrayList<>();
            int total = 0;
            while (System.nanoTime() < end || total < s.minFaults()) {
                if (cycle.isEmpty()) {
                    cycle.addAll(List.of(Fault.values()));
                    Collections.shuffle(cycle, random);
                }
                Fault fault = cycle.remove(0);
                total++;
                // While the last run before this fault flows (the loader goes on with the next ones meanwhile).
                load.awaitSlotStarted(Duration.ofMinutes(10));
                Thread.sleep(300 + random.nextInt(1_500));
                long offsetsBefore = kafkaEnd(pipeline);
                long batchBefore = lastCommittedBatch(pipeline);
                load.openNextSlot();
                log.accept("inject: " + fault.label + " (" + load.describe() + ")");
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
            load.finish();
            loader.join(Duration.ofMinutes(10).toMillis());
            log.accept("load done: " + load.describe());
            background.shutdownNow();
            background.awaitTermination(3, TimeUnit.MINUTES);
            synchronized (lock) {
                healAll(pipeline, log);
            }
            catchUp = awaitCaughtUp(pipeline, ingest, load, s.catchUpBound());
            caughtUp = catchUp.startsWith("yes");
            log.accept("caught up: " + catchUp);
        } finally {
            load.finish();
            background.shutdownNow();
            if (api != null) {
                api.faults(false);
            }
        }
        CassandraNode cassandra = pipeline.stack().cassandra();
        ExactlyOnceCheck.Result check = ExactlyOnceCheck.run(pipeline.stack().kafka().bootstrapServers(), cassandra.host(),
                cassandra.port(), cassandra.localDatacenter());
        return new Report(s.seed(), injected, longest, overBound, load.requested(), load.published(), supervisor.restarts(),
                caughtUp, catchUp, Duration.ofNanos(System.nanoTime() - started), check,
                api == null ? Map.of() : api.faultsServed(), api == null ? 0 : api.pagesServed());
    }

    /**
     * The load: manual runs of {@code runSize} users one after the other (the service runs one at a
     * time), {@code runsPerSlot} per slot; the fault loop opens the next slot when it injects, so
     * the total is fixed by the number of faults. Each run's published count is its highest seen.
     */
    static final class Load implements Runnable {
        private final IngestClient ingest;
        private final int runSize;
        private final int runsPerSlot;
        private final boolean fromApiToo;
        private final Consumer<String> log;
        private final Map<String, Integer> published = new ConcurrentHashMap<>();
        private final AtomicInteger runsStarted = new AtomicInteger();
        private final AtomicInteger runsAllowed;
        private volatile boolean finishing;
        private volatile boolean done;

        Load(IngestClient ingest, int runSize, int runsPerSlot, boolean fromApiToo, Consumer<String> log) {
            this.ingest = ingest;
            this.fromApiToo = fromApiToo;
            this.runSize = runSize;
            this.runsPerSlot = runsPerSlot;
            this.log = log;
            this.runsAllowed = new AtomicInteger(runsPerSlot);
        }

        @Override
        public void run() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    if (runsStarted.get() >= runsAllowed.get()) {
                        if (finishing) {
                            break;
                        }
                        Thread.sleep(100);
                        continue;
                    }
                    // Every other run from the API's stub (its faults interleaved), the others synthetic.
                    String source = fromApiToo && runsStarted.get() % 2 == 1 ? PipelineSettings.SOURCE_RANDOMUSER
                            : PipelineSettings.SOURCE_SYNTHETIC;
                    Optional<String> id = ingest.startRun(runSize, source);
                    if (id.isEmpty()) {
                        Thread.sleep(1_000);                         // down, starting, or a run still going
                        continue;
                    }
                    runsStarted.incrementAndGet();
                    awaitEnd(id.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done = true;
            }
        }

        /** Until the run is no longer running, or its service forgot it (killed), bounded at 10 minutes. */
        private void awaitEnd(String id) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                Optional<JsonNode> run = ingest.run(id);
                if (run.isPresent()) {
                    String status = run.get().path("status").asText();
                    if (status.equals("gone")) {
                        return;
                    }
                    published.merge(id, run.get().path("published").asInt(), Math::max);
                    if (!status.equals("running")) {
                        return;
                    }
                }
                Thread.sleep(300);
            }
            log.accept("run " + id + " still going after 10 minutes; the load goes on");
        }

        /** Until every run allowed so far has started (the last one flows now), bounded. */
        void awaitSlotStarted(Duration bound) throws InterruptedException {
            long deadline = System.nanoTime() + bound.toNanos();
            while (runsStarted.get() < runsAllowed.get() && System.nanoTime() < deadline && !done) {
                Thread.sleep(100);
            }
        }

        void openNextSlot() {
            runsAllowed.addAndGet(runsPerSlot);
        }

        /** No slot opens any more: the loader ends after the runs allowed so far. */
        void finish() {
            finishing = true;
        }

        long requested() {
            return (long) runsStarted.get() * runSize;
        }

        long published() {
            return published.values().stream().mapToLong(Integer::longValue).sum();
        }

        boolean done() {
            return done;
        }

        String describe() {
            return String.format("%d of %d runs of %,d users started, %,d reported published", runsStarted.get(), runsAllowed.get(),
                    runSize, published());
        }
    }

    /**
     * Straight into the topic, as no ingest service would send: one broken record, then three
     * versions of one new user back to back (same key, so one partition and rising offsets; often in
     * one micro-batch), each with its own first name and email, so the check's "newest record wins"
     * compares different values (the synthetic source's repeats after a restart are identical).
     */
    private static void produceDirect(Pipeline pipeline, int which) {
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
            producer.send(new ProducerRecord<>(Topics.USERS_CREATED, "broken", BROKEN[which % BROKEN.length])).get(10, TimeUnit.SECONDS);
            String id = java.util.UUID.randomUUID().toString();
            for (int version = 1; version <= 3; version++) {
                producer.send(new ProducerRecord<>(Topics.USERS_CREATED, id, versionOf(id, version)));
            }
            producer.flush();
        } catch (Exception kafkaAway) {
            // whatever reached the topic is checked; nothing here is counted
        }
    }

    /** The contract's example user with this id, and a first name and email of this version. */
    static String versionOf(String id, int version) throws java.io.IOException {
        com.fasterxml.jackson.databind.node.ObjectNode user = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(UsersCreatedSchema.examplesJson()).get("example");
        ((com.fasterxml.jackson.databind.node.ObjectNode) user.get("login")).put("uuid", id);
        ((com.fasterxml.jackson.databind.node.ObjectNode) user.get("name")).put("first", "Version" + version);
        user.put("email", "v" + version + "." + id.substring(0, 8) + "@example.com");
        return JSON.writeValueAsString(user);
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
    private static void healAll(Pipeline pipeline, Consumer<String> log) {
        for (var node : pipeline.processes()) {
            if (!node.isRunning()) {
                log.accept("heal: restarting " + node.name());
                node.restart(Duration.ofSeconds(180));
            }
        }
    }

    /**
     * Until no run is going and the job's newest committed batch ends at the topic's end offsets
     * (its checkpoint, not a metric: a metric may be from before a restart), bounded: "yes ..." or
     * why not. Rows of a committed batch are written (the sink writes before the commit).
     */
    private static String awaitCaughtUp(Pipeline pipeline, IngestClient ingest, Load load, Duration bound) throws Exception {
        long since = System.nanoTime();
        String why = "not checked";
        while (System.nanoTime() - since < bound.toNanos()) {
            Optional<JsonNode> runs = ingest.recentRuns();
            boolean running = runs.isEmpty();
            for (JsonNode r : runs.orElse(JSON.createArrayNode())) {
                running |= r.path("status").asText().equals("running");
            }
            long end = kafkaEnd(pipeline);
            long committed = committedOffsets(pipeline);
            if (!running && load.done() && end >= 0 && committed == end) {
                return String.format("yes, in %d s (job committed offset sum %,d = topic end)",
                        Duration.ofNanos(System.nanoTime() - since).toSeconds(), end);
            }
            why = String.format("NO after %s: run going %s, job committed offset sum %,d, topic end %,d", bound, running, committed, end);
            Thread.sleep(2_000);
        }
        return why;
    }

    /** Sum of the offsets the job's newest committed batch ends at (its checkpoint), or -1. */
    static long committedOffsets(Pipeline pipeline) {
        long batch = lastCommittedBatch(pipeline);
        if (batch < 0) {
            return -1;
        }
        try {
            List<String> lines = java.nio.file.Files.readAllLines(pipeline.checkpoint().resolve("offsets").resolve(Long.toString(batch)));
            long sum = 0;
            for (String line : lines) {
                if (line.startsWith("{") && line.contains(Topics.USERS_CREATED)) {
                    JsonNode partitions = JSON.readTree(line).path(Topics.USERS_CREATED);
                    for (JsonNode offset : partitions) {
                        sum += offset.asLong();
                    }
                }
            }
            return sum;
        } catch (java.io.IOException | RuntimeException notYet) {
            return -1;
        }
    }
}
