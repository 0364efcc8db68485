package io.userstream.pipeline.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userstream.pipeline.Http;
import io.userstream.pipeline.Pipeline;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Every HTTP call the chaos run makes to the ingest service, in one place (credentials, when the
 * API needs them, are added here only). Reads the ingest URL from the pipeline on each call: a
 * restarted service keeps its port, but the URL is not cached anyway.
 */
final class IngestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pipeline pipeline;

    IngestClient(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Starts a manual run of {@code count} users of {@code source}, not waited for; its id, or empty when refused or down. */
    Optional<String> startRun(int count, String source) {
        try {
            HttpResponse<String> r = Http.post(pipeline.ingestUrl() + "/api/ingest/runs?wait=0&source=" + source + "&count=" + count,
                    Duration.ofSeconds(10));
            if (r.statusCode() != 200 && r.statusCode() != 202) {
                return Optional.empty();                                 // 409: a run is going; 5xx: starting up
            }
            return Optional.of(JSON.readTree(r.body()).path("id").asText());
        } catch (IOException serviceDown) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * One run's view; empty when the service is down, {@link #GONE} when it does not know the id
     * (a service killed with -9 forgets its runs).
     */
    Optional<JsonNode> run(String id) throws InterruptedException {
        try {
            HttpResponse<String> r = Http.get(pipeline.ingestUrl() + "/api/ingest/runs/" + id);
            if (r.statusCode() == 404) {
                return Optional.of(GONE);
            }
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException serviceDown) {
            return Optional.empty();
        }
    }

    /** The recent runs, newest first; empty when the service is down. */
    Optional<JsonNode> recentRuns() throws InterruptedException {
        try {
            HttpResponse<String> r = Http.get(pipeline.ingestUrl() + "/api/ingest/runs?limit=100");
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException serviceDown) {
            return Optional.empty();
        }
    }

    /** Stands for a run the service no longer knows. */
    static final JsonNode GONE = JSON.createObjectNode().put("status", "gone");
}
