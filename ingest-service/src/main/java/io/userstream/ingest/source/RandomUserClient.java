package io.userstream.ingest.source;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * randomuser.me: {@code GET {base}/api/?results=N[&nat=..][&seed=..][&page=..]}. Answers the raw
 * {@link Response} for every status (the default exception mapper is off) so the body is kept as
 * received and {@link RandomUserApi} decides what is retried.
 */
@Path("/api/")
@RegisterRestClient(configKey = "randomuser")
public interface RandomUserClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Response users(@QueryParam("results") int results,
                   @QueryParam("nat") String nat,
                   @QueryParam("seed") String seed,
                   @QueryParam("page") Integer page);
}
