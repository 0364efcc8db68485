package io.userstream.ingest.api;

import io.userstream.ingest.config.IngestConfig;
import io.userstream.ingest.config.IngestConfig.SourceKind;
import io.userstream.ingest.run.IngestRunner;
import io.userstream.ingest.run.RunHistory;
import io.userstream.ingest.run.RunView;
import io.userstream.ingest.run.ScheduleControl;
import io.quarkus.security.identity.SecurityIdentity;
import io.userstream.ingest.security.ApiRoles;
import io.userstream.ingest.security.ControlRateLimiter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Manual runs, the run listing, and pause/resume of the schedule. Reading needs the reader role;
 * changing what the service does needs operator, and is rate-limited per user and endpoint
 * ({@link ControlRateLimiter}: 429 with Retry-After).
 */
@Path("/api/ingest")
@RolesAllowed(ApiRoles.READER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ingest")
public class IngestResource {

    private final IngestRunner runner;
    private final RunHistory history;
    private final ScheduleControl schedule;
    private final IngestConfig config;
    private final ControlRateLimiter limiter;
    private final SecurityIdentity caller;

    public IngestResource(IngestRunner runner, RunHistory history, ScheduleControl schedule, IngestConfig config,
                          ControlRateLimiter limiter, SecurityIdentity caller) {
        this.runner = runner;
        this.history = history;
        this.schedule = schedule;
        this.config = config;
        this.limiter = limiter;
        this.caller = caller;
    }

    @POST
    @Path("/runs")
    @Operation(summary = "Fetch count users now and publish them",
            description = "Answers 200 with the finished run when Kafka acknowledged every record within `wait` seconds "
                    + "(default userstream.run-wait, 30 s); else 202 with the running run and a Location to poll "
                    + "(GET /api/ingest/runs/{id}), so a slow or absent Kafka never holds the request without bound.")
    @APIResponse(responseCode = "200", description = "The run finished (succeeded or failed, with its counts)")
    @APIResponse(responseCode = "202", description = "The run goes on; poll the Location header")
    @APIResponse(responseCode = "400", description = "count, source or wait out of range")
    @APIResponse(responseCode = "409", description = "Another run is going")
    @APIResponse(responseCode = "429", description = "Too many runs started by this user lately; see Retry-After")
    @RolesAllowed(ApiRoles.OPERATOR)
    public Response run(@QueryParam("count") @DefaultValue("5") @Min(1) @Max(10_000_000) int count,
                        @QueryParam("source") String source,
                        @QueryParam("wait") @Min(0) @Max(600) Integer waitSeconds) throws InterruptedException {
        limiter.acquire(caller, "runs");
        if (count > config.schedule().maxRunSize()) {
            return ApiError.response(Response.Status.BAD_REQUEST, "count must be at most " + config.schedule().maxRunSize());
        }
        SourceKind kind = source == null ? config.source() : parse(source);
        if (kind == null) {
            return ApiError.response(Response.Status.BAD_REQUEST, "source must be randomuser or synthetic, got '" + source + "'");
        }
        var started = runner.start(count, "manual", kind);
        if (started.isEmpty()) {
            return ApiError.response(Response.Status.CONFLICT, "another run is going; try again when it ends");
        }
        var run = started.get();
        Duration wait = waitSeconds == null ? config.runWait() : Duration.ofSeconds(waitSeconds);
        if (run.awaitFinished(wait)) {
            return Response.ok(run.view()).build();
        }
        return Response.accepted(run.view()).location(URI.create("/api/ingest/runs/" + run.id())).build();
    }

    @GET
    @Path("/runs/{id}")
    @Operation(summary = "One run by id: what POST /api/ingest/runs answered 202 for")
    @APIResponse(responseCode = "404", description = "No such run among the recent ones")
    public Response runById(@PathParam("id") String id) {
        return history.find(id).map(r -> Response.ok(r).build())
                .orElseGet(() -> ApiError.response(Response.Status.NOT_FOUND, "no run with id " + id + " among the recent ones"));
    }

    private static SourceKind parse(String source) {
        for (SourceKind kind : SourceKind.values()) {
            if (kind.name().equalsIgnoreCase(source)) {
                return kind;
            }
        }
        return null;
    }

    @GET
    @Path("/runs")
    @Operation(summary = "Recent runs, newest first: fetched, published, rejected, failed, timings")
    public List<RunView> runs(@QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return history.recent(limit);
    }

    @GET
    @Path("/schedule")
    @Operation(summary = "Whether the schedule is paused")
    public ScheduleState state() {
        return currentState();
    }

    /** Not {@link #state()}: ArC intercepts calls to self, so pause/resume would need the reader role too. */
    private ScheduleState currentState() {
        return new ScheduleState(schedule.isPaused(), config.schedule().every().toString(), config.schedule().batchSize(),
                config.source().name().toLowerCase());
    }

    @POST
    @Path("/schedule/pause")
    @Operation(summary = "Pause the schedule (a run already going finishes)")
    @APIResponse(responseCode = "429", description = "Too many schedule changes by this user lately; see Retry-After")
    @RolesAllowed(ApiRoles.OPERATOR)
    public ScheduleState pause() {
        limiter.acquire(caller, "pause");
        schedule.pause();
        return currentState();
    }

    @POST
    @Path("/schedule/resume")
    @Operation(summary = "Resume the schedule")
    @APIResponse(responseCode = "429", description = "Too many schedule changes by this user lately; see Retry-After")
    @RolesAllowed(ApiRoles.OPERATOR)
    public ScheduleState resume() {
        limiter.acquire(caller, "resume");
        schedule.resume();
        return currentState();
    }
}
