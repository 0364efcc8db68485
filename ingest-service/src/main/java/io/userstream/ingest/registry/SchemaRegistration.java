package io.userstream.ingest.registry;

import io.quarkus.runtime.StartupEvent;
import io.userstream.contract.UsersCreatedSchema;
import io.userstream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * With a schema registry configured ({@code USERSTREAM_REGISTRY_URL}), registers the contract's
 * users_created schema at start-up as artifact {@code userstream/users_created-value}, version
 * {@link UsersCreatedSchema#VERSION}, with the rule COMPATIBILITY=BACKWARD; each published record
 * then carries the version's global id in the header {@code apicurio.value.globalId}. Its value stays
 * the plain JSON (no magic byte and id in front), so Spark's {@code from_json}, kcat and any consumer
 * read it unchanged while Apicurio's deserializers (headers mode) find the schema.
 *
 * <p>An unreachable registry is retried with backoff a bounded number of times, then start-up
 * fails; a refused schema (a version that breaks backward compatibility) fails start-up at once,
 * naming the rule: the service never publishes under a contract the registry rejected. Without a
 * registry (the default, and {@code make run} on one machine) nothing is registered and the header
 * is not set.
 */
@ApplicationScoped
public class SchemaRegistration {

    public static final String COMPATIBILITY = "BACKWARD";
    private static final Logger LOG = Logger.getLogger(SchemaRegistration.class);

    private final IngestConfig.Registry config;
    private volatile OptionalLong globalId = OptionalLong.empty();

    public SchemaRegistration(IngestConfig config) {
        this.config = config.registry();
    }

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        if (config.url().isPresent()) {
            globalId = OptionalLong.of(register(config.url().get()));
        }
    }

    /** The registry's global id of the schema the records are validated against; empty without a registry. */
    public OptionalLong globalId() {
        return globalId;
    }

    private long register(String url) throws InterruptedException {
        RegistryClient client = new RegistryClient(url, config.timeout());
        String version = Integer.toString(UsersCreatedSchema.VERSION);
        long delay = config.retryDelay().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                long id = client.register(UsersCreatedSchema.REGISTRY_GROUP, UsersCreatedSchema.REGISTRY_ARTIFACT_ID, version,
                        UsersCreatedSchema.json());
                client.requireCompatibility(UsersCreatedSchema.REGISTRY_GROUP, UsersCreatedSchema.REGISTRY_ARTIFACT_ID, COMPATIBILITY);
                LOG.infof("users_created schema v%s registered at %s: global id %d (rule COMPATIBILITY=%s)", version, url, id,
                        COMPATIBILITY);
                return id;
            } catch (RegistryClient.RefusedException e) {
                throw new IllegalStateException("schema registry refused the users_created schema v" + version
                        + " (artifact rule COMPATIBILITY=" + COMPATIBILITY + "): " + e.getMessage(), e);
            } catch (IOException e) {
                if (attempt >= config.maxAttempts()) {
                    throw new IllegalStateException("schema registry at " + url + " not reachable after " + attempt
                            + " attempts (userstream.registry.url / USERSTREAM_REGISTRY_URL): " + e.getMessage(), e);
                }
                LOG.warnf("schema registry at %s: %s; attempt %d of %d again in %d ms", url, e.getMessage(), attempt + 1,
                        config.maxAttempts(), delay);
                Thread.sleep(delay);
                delay = Math.min(delay * 2, 15_000);
            }
        }
    }
}
