package io.userstream.ingest.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.Response;

/** The JSON body of every error the API answers itself: {@code {"error": "..."}}. */
@RegisterForReflection
public record ApiError(String error) {

    public static Response response(Response.Status status, String message) {
        return Response.status(status).entity(new ApiError(message)).build();
    }
}
