package io.userstream.pipeline;

import io.userstream.localstack.ServerFailedException;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * `make run`: the whole pipeline on this machine until Ctrl-C. Prints where everything is, then a
 * progress line every few seconds. A process that dies is restarted ({@link Supervisor}); only
 * Ctrl-C stops everything. A second run continues on the same data; --fresh starts empty.
 */
public final class RunMain {

    private static final long PROGRESS_EVERY_MILLIS = 5_000;
    private static final long SUPERVISE_EVERY_MILLIS = 1_000;

    private RunMain() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        RepoLayout repo = RepoLayout.find();
        PipelineSettings settings = parse(args, PipelineSettings.makeRun(repo.root()));
        System.out.printf("userstream: starting the pipeline (source %s%s), data in %s%n", settings.source(),
                settings.fresh() ? ", fresh" : "", settings.dataDir());

        Pipeline pipeline;
        try {
            pipeline = Pipeline.start(settings, repo);
        } catch (StepFailedException e) {
            System.err.println("userstream: " + e.getMessage());
            if (!(e.getCause() instanceof ServerFailedException)) {
                System.err.println("  (logs under " + settings.logs() + ")");
            }
            System.exit(1);
            return;
        }
        AtomicBoolean stopping = new AtomicBoolean();
        // The batch layer on a short interval (BATCH_EVERY, default 2m), so GET /api/stats moves from speed to batch.
        BatchSchedule batches = BatchSchedule.start(repo, pipeline.stack().cassandra().contactPoint(),
                settings.logs(), BatchSchedule.everyFromEnvironment());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            batches.close();
            System.out.println("\nuserstream: stopping (ingest service, Spark job, Kafka, Cassandra)...");
            synchronized (pipeline) {   // after a restart in progress, never during one
                pipeline.close();
            }
            System.out.println("userstream: stopped. `make run` continues on this data; `make run FRESH=1` starts empty.");
        }, "userstream-stop"));

        printWhere(pipeline, settings);
        if (java.util.Arrays.asList(args).contains("--monitoring")) {
            LocalMonitoring.start(pipeline, repo, settings.dataDir());
        }
        Progress progress = new Progress(started);
        Supervisor supervisor = Supervisor.forRun(pipeline, message -> System.out.println("userstream: " + message));
        boolean firstRowReported = false;
        long nextProgress = 0;
        while (!stopping.get()) {
            synchronized (pipeline) {
                if (!stopping.get()) {
                    supervisor.tick();
                }
            }
            if (System.nanoTime() >= nextProgress) {
                System.out.println(progress.line(pipeline.probe(), supervisor.restarts()));
                nextProgress = System.nanoTime() + PROGRESS_EVERY_MILLIS * 1_000_000;
            }
            if (!firstRowReported && progress.firstRowSeconds() != null) {
                System.out.println("userstream: first row in Cassandra " + progress.firstRowSeconds() + " s after start");
                firstRowReported = true;
            }
            try {
                Thread.sleep(SUPERVISE_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void printWhere(Pipeline p, PipelineSettings settings) {
        String cql = p.stack().cassandra().contactPoint();
        System.out.println("""
                userstream: running. Ctrl-C stops everything.
                  Dashboard      %1$s/dashboard
                  Ingest API     %1$s/api/ingest/runs   (POST %1$s/api/ingest/runs?count=100 for a manual run)
                  Swagger UI     %1$s/q/swagger-ui
                  Users API      %1$s/api/users?limit=10
                  Stats          %1$s/api/stats   (batch + speed layer; batch job every BATCH_EVERY, log batch.log)
                  Health         %1$s/q/health   metrics %1$s/q/metrics
                  Spark UI       %2$s
                  Kafka          %3$s   (topics users_created, users_created_dlq)
                  Cassandra      %4$s
                  Query the table:
                    local-stack/bin/local-stack cql --contact-point %4$s "SELECT id, first_name, last_name, email FROM spark_streams.created_users LIMIT 10"
                  Logs           %5$s
                  API users      operator (runs, pause/resume, and reading), reader (reading only): HTTP Basic;
                                 passwords in %6$s (owner-only, generated on the first start, kept after)
                    curl -u "operator:$(cat %7$s)" -XPOST '%1$s/api/ingest/runs?count=100'
                    curl -u "reader:$(cat %8$s)" '%1$s/api/users?limit=10'
                    the dashboard and Swagger UI ask for a user and password in the browser
                """.formatted(p.ingestUrl(), p.sparkUiUrl(), p.stack().kafka().bootstrapServers(), cql,
                settings.logs(), p.credentials().dir(),
                p.credentials().passwordFile(IngestCredentials.OPERATOR), p.credentials().passwordFile(IngestCredentials.READER)));
    }

    static PipelineSettings parse(String[] args, PipelineSettings defaults) {
        PipelineSettings s = defaults;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> s = s.withFresh(true);
                case "--monitoring" -> { } // LocalMonitoring
                case "--source" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--source needs randomuser or synthetic");
                    }
                    s = s.withSource(args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (use --source X, --fresh, --monitoring)");
            }
        }
        return s;
    }
}
