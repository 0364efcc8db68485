package io.userstream.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;
import java.util.Optional;

/**
 * Every {@code userstream.*} setting, validated at start-up: a bad value stops the service with a
 * message naming the key. A setting the chart may set has its environment variable and its default on
 * one line of application.properties ({@code key=${ENV:default}}) and no {@code @WithDefault} here;
 * the others have their default here only.
 */
@ConfigMapping(prefix = "userstream")
public interface IngestConfig {

    /** Where users come from when a run does not say. */
    SourceKind source();

    @NotBlank
    @Pattern(regexp = "[a-zA-Z0-9._-]+", message = "must be a valid Kafka topic name")
    String topic();

    @NotBlank
    @Pattern(regexp = "[a-zA-Z0-9._-]+", message = "must be a valid Kafka topic name")
    String dlqTopic();

    @Valid
    Schedule schedule();

    @Valid
    RandomUser randomuser();

    @Valid
    Synthetic synthetic();

    @Valid
    Publish publish();

    /**
     * On shutdown, how long the page in hand may take to be acknowledged before the run is recorded as
     * interrupted; below the pod's grace period (30 s) and `make run`'s (30 s).
     */
    @WithDefault("20s")
    Duration shutdownDrain();

    /** How long POST /api/ingest/runs waits for its run before it answers 202 with a Location to poll. */
    @WithDefault("30s")
    Duration runWait();

    @Valid
    Health health();

    @Valid
    Registry registry();

    @Valid
    Dashboard dashboard();

    /** Who may call the API (security/ApiUsers), and how often they may change things. */
    @Valid
    Api api();

    /** The source of users. */
    enum SourceKind { RANDOMUSER, SYNTHETIC }

    interface Schedule {
        /** Run every tick; when false the schedule starts paused (resume it over HTTP). */
        boolean enabled();

        /** Time between two ticks, e.g. {@code 10s}, {@code 1m}. */
        Duration every();

        /** Wait before the first tick. */
        Duration initialDelay();

        /** Users fetched per tick. */
        @Min(1)
        @Max(1_000_000)
        int batchSize();

        /** Users a manual run may ask for at most. */
        @Min(1)
        @Max(10_000_000)
        int maxRunSize();
    }

    interface RandomUser {
        /** Base URL of the API, without /api/. */
        @Pattern(regexp = "https?://[^\\s]+", message = "must be an http(s) URL")
        String baseUrl();

        /** Results per request: the API serves at most 5,000. */
        @Min(1)
        @Max(5000)
        int pageSize();

        /** Comma-separated nationalities (API's nat parameter), e.g. {@code us,gb,fr}. */
        Optional<@Pattern(regexp = "[a-zA-Z]{2}(,[a-zA-Z]{2})*", message = "must be nationality codes like us,gb") String> nat();

        /** A fixed API seed: same seed and page, same users. */
        Optional<@Pattern(regexp = "[a-zA-Z0-9]+", message = "must be letters and digits") String> seed();

        /**
         * Largest response body read from the API; a longer one fails the page (not retried) instead of
         * filling the heap. A full page of 5,000 users is about 6 MB.
         */
        @Min(1024)
        @WithDefault("16777216")
        int maxBodyBytes();

        /** Longest Retry-After the client honours for a 429; longer ones fail the page. */
        @WithDefault("60s")
        Duration maxRetryAfter();

        /** How many 429 answers in a row a page may get before it fails. */
        @Min(0)
        @WithDefault("3")
        int maxRateLimitWaits();

        /**
         * How many times a body that does not parse is fetched again; then its complete results are
         * kept and the rest is dead-lettered.
         */
        @Min(0)
        @Max(10)
        @WithDefault("3")
        int maxMalformedRetries();

        /** Wait before fetching a malformed body again; doubled on each retry. */
        @WithDefault("500ms")
        Duration malformedRetryDelay();
    }

    interface Synthetic {
        /** Seed of the generator: same seed, same users. */
        long seed();
    }

    interface Publish {
        /** Records sent to Kafka and not yet acknowledged, at most (bounded memory; the channel's max-inflight-messages matches). */
        @Min(1)
        @Max(5000)
        int maxInFlight();

        /** Wait between two attempts to re-send records Kafka did not acknowledge. */
        Duration retryBackoff();

        /** A batch Kafka did not acknowledge in this time fails its run (with its counts) instead of hanging it. */
        @WithDefault("10m")
        Duration giveUpAfter();

        /** A record (key, value, headers) larger than this goes to the dead-letter topic; below the producer's max.request.size. */
        @Min(1024)
        @WithDefault("1000000")
        int maxRecordBytes();

        /**
         * Liveness fails when a batch waits this long without a single ack: longer than give-up-after, so
         * only a publisher that hangs (not a Kafka outage, which a restart would not cure) gets the pod restarted.
         */
        @WithDefault("15m")
        Duration stallTimeout();
    }

    /** The schema registry (Apicurio Registry, REST API v3): off when no URL is set. */
    interface Registry {
        /** Base URL of the registry, e.g. {@code http://userstream-registry:8080}; empty: no registry. */
        Optional<@Pattern(regexp = "https?://[^\\s]+", message = "must be an http(s) URL") String> url();

        /** Attempts to reach the registry at start-up before the service gives up. */
        @Min(1)
        @Max(100)
        @WithDefault("10")
        int maxAttempts();

        /** Wait after the first failed attempt; doubled each time, at most 15 s. */
        @WithDefault("1s")
        Duration retryDelay();

        /** Timeout of one call to the registry. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Health {
        /** How long the readiness check waits for the Kafka cluster to answer. */
        @WithDefault("3s")
        Duration kafkaTimeout();
    }

    interface Api {
        /**
         * The users file's text (USERSTREAM_API_USERS, or the file USERSTREAM_API_USERS_FILE): parsed by
         * security/ApiUsers at start-up, which names the variable when it is missing or bad (never its content).
         */
        Optional<String> users();

        /** The control endpoints' limit (security/ControlRateLimiter). */
        @Valid
        RateLimit rateLimit();
    }

    interface RateLimit {
        /** Requests one user may make to one control endpoint (start a run, pause, resume) within {@link #window()}. */
        @WithDefault("120")
        @Min(1)
        int requests();

        /** The sliding window; over the limit the answer is 429 with Retry-After. */
        @WithDefault("1m")
        Duration window();
    }

    interface Dashboard {
        /**
         * The Spark job driver's Prometheus endpoint (lag, last micro-batch, rows written), e.g.
         * {@code http://127.0.0.1:4040/metrics/prometheus/}; none = the page says the job is not wired.
         */
        Optional<@Pattern(regexp = "https?://[^\\s]+", message = "must be an http(s) URL") String> sparkMetricsUrl();

        /** Rows of created_users the analytics read at most per refresh (beyond it they show a sample). */
        @Min(100)
        @Max(1_000_000)
        @WithDefault("20000")
        int sampleRows();
    }
}
