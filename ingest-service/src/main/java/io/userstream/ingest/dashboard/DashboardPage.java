package io.userstream.ingest.dashboard;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code GET /dashboard}: the page is a static file, {@code /dashboard/index.html} under
 * META-INF/resources, so its relative links (script, stylesheet, ../api/, ../webjars/) resolve
 * under /dashboard/ whatever prefix a proxy adds. This route sends the bare path there; only the
 * exact path, so /dashboard/ itself can never loop back.
 */
@ApplicationScoped
public class DashboardPage {

    void route(@Observes Router router) {
        router.get("/dashboard").handler(rc -> {
            if ("/dashboard".equals(rc.request().path())) {
                rc.response().setStatusCode(303).putHeader("Location", "dashboard/").end();
            } else {
                rc.next();
            }
        });
    }
}
