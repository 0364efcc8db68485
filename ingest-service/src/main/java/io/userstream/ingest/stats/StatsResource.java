package io.userstream.ingest.stats;

import io.userstream.ingest.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.userstream.ingest.api.ApiError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** The serving view of the batch and speed layers (README: "Batch layer"). */
@Path("/api/stats")
@RolesAllowed(ApiRoles.READER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "stats")
public class StatsResource {

    private static final Logger LOG = Logger.getLogger(StatsResource.class);

    private final StatsRepository stats;

    public StatsResource(StatsRepository stats) {
        this.stats = stats;
    }

    @GET
    @Operation(summary = "User counts: totals, by nationality, gender, birth decade and registration year, each split "
            + "into the last batch run's part and the speed layer's part")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = StatsView.class)))
    @APIResponse(responseCode = "503", description = "The tables do not exist yet (the Spark job creates them at start)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response get() {
        try {
            return Response.ok(StatsView.of(stats.read())).build();
        } catch (InvalidQueryException e) {
            LOG.warnf("GET /api/stats: 503, %s", e.getMessage());
            return ApiError.response(Response.Status.SERVICE_UNAVAILABLE,
                    "statistics tables not available yet (the Spark job creates them at start): " + e.getMessage());
        }
    }
}
