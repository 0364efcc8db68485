package io.userstream.ingest.api;

import io.userstream.ingest.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import io.userstream.ingest.users.UserRepository;
import io.userstream.ingest.users.UserRow;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** The users the pipeline stored in Cassandra (spark_streams.created_users). */
@Path("/api/users")
@RolesAllowed(ApiRoles.READER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final UserRepository users;

    public UserResource(UserRepository users) {
        this.users = users;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One user by id (login.uuid); 404 when unknown, 400 when the id is not a UUID")
    public Response get(@PathParam("id") String id) {
        if (!UUID_TEXT.matcher(id).matches()) {
            return ApiError.response(Response.Status.BAD_REQUEST, "id must be a UUID, got '" + id + "'");
        }
        return users.find(UUID.fromString(id))
                .map(user -> Response.ok(user).build())
                .orElseGet(() -> ApiError.response(Response.Status.NOT_FOUND, "no user with id " + id));
    }

    @GET
    @Operation(summary = "Up to limit users (1-1000)")
    public List<UserRow> list(@QueryParam("limit") @DefaultValue("20") @Min(1) @Max(1000) int limit) {
        return users.list(limit);
    }
}
