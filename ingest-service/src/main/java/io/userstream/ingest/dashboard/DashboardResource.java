package io.userstream.ingest.dashboard;

import io.userstream.ingest.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.userstream.ingest.api.ApiError;
import io.userstream.ingest.api.IngestResource;
import io.userstream.ingest.config.IngestConfig;
import io.userstream.ingest.run.RunHistory;
import io.userstream.ingest.run.RunView;
import io.userstream.ingest.source.RandomUserApi;
import io.userstream.ingest.users.UserRepository;
import io.userstream.ingest.users.UserRow;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The JSON the dashboard page polls (the page: {@link DashboardPage}). Every figure comes from where it lives: the service's own counters and run history, the
 * Spark job's metrics endpoint, Cassandra's tables and Kafka's dead-letter topic.
 */
@Path("/")
@RolesAllowed(ApiRoles.READER)
@Tag(name = "dashboard")
public class DashboardResource {

    private final RateSampler rates;
    private final SparkJobMetrics spark;
    private final UserAnalytics analytics;
    private final DeadLetters deadLetters;
    private final Pictures pictures;
    private final UserRepository users;
    private final IngestResource ingest;
    private final RunHistory history;
    private final CircuitBreakerMaintenance circuits;
    private final IngestConfig config;

    public DashboardResource(RateSampler rates, SparkJobMetrics spark, UserAnalytics analytics, DeadLetters deadLetters,
                             Pictures pictures, UserRepository users, IngestResource ingest, RunHistory history,
                             CircuitBreakerMaintenance circuits, IngestConfig config) {
        this.rates = rates;
        this.spark = spark;
        this.analytics = analytics;
        this.deadLetters = deadLetters;
        this.pictures = pictures;
        this.users = users;
        this.ingest = ingest;
        this.history = history;
        this.circuits = circuits;
        this.config = config;
    }

    @GET
    @Path("api/dashboard/rates")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Per-second fetched, published, dead-lettered and written rates, sampled every 2 s over the last 10 minutes")
    public Rates rates() {
        return rates.rates();
    }

    @GET
    @Path("api/dashboard/pipeline")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Schedule, source circuit, last run, the Spark job's lag and last micro-batch")
    public PipelineView pipeline() {
        List<RunView> last = history.recent(1);
        String circuit = circuits.currentState(RandomUserApi.CIRCUIT).name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new PipelineView(ingest.state(), circuit, last.isEmpty() ? null : last.get(0), config.schedule().maxRunSize(),
                spark.last());
    }

    @GET
    @Path("api/dashboard/users")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Users by nationality, gender, age; registration years; rows per minute; Kafka-to-row delay; latest users")
    public Response users() {
        try {
            return Response.ok(analytics.current()).build();
        } catch (RuntimeException e) {
            return ApiError.response(Response.Status.SERVICE_UNAVAILABLE, "Cassandra: " + e.getMessage());
        }
    }

    @GET
    @Path("api/dashboard/dead-letters")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Latest dead letters of the ingest service (Kafka topic) and of the Spark job (Cassandra table), with reasons")
    public DeadLetterView deadLetters() {
        return deadLetters.current();
    }

    @GET
    @Path("api/dashboard/users/{id}/picture")
    @Operation(summary = "A stored user's picture, fetched by the service (or their initials when it cannot be had)")
    public Response picture(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return ApiError.response(Response.Status.BAD_REQUEST, "id must be a UUID, got '" + id + "'");
        }
        Optional<UserRow> user;
        try {
            user = users.find(uuid);
        } catch (RuntimeException e) {
            // a picture is decoration: Cassandra busy or down shows a placeholder, the panels say why
            return Response.ok(Pictures.initials("?").bytes()).type("image/svg+xml").header("Cache-Control", "no-store").build();
        }
        if (user.isEmpty()) {
            return ApiError.response(Response.Status.NOT_FOUND, "no user with id " + uuid);
        }
        Pictures.Picture p = pictures.get(user.get().picture(), user.get().firstName() + " " + user.get().lastName());
        CacheControl cache = new CacheControl();
        cache.setMaxAge(p.contentType().startsWith("image/svg") ? 60 : 3600); // initials: try the real one again soon
        return Response.ok(p.bytes()).type(p.contentType()).cacheControl(cache).build();
    }
}
