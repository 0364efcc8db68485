package io.userstream.ingest.source;

import io.userstream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * randomuser.me as a {@link UserSource}: pages of at most 5,000, the configured nationalities and
 * seed, and a 429 answered by waiting for its Retry-After (a bounded number of times) before asking again.
 */
@ApplicationScoped
public class RandomUserSource implements UserSource {

    private static final Logger LOG = Logger.getLogger(RandomUserSource.class);

    private final RandomUserApi api;
    private final IngestConfig.RandomUser config;
    private final ResponseParser parser = new ResponseParser();

    public RandomUserSource(RandomUserApi api, IngestConfig config) {
        this.api = api;
        this.config = config.randomuser();
    }

    @Override
    public String name() {
        return "randomuser";
    }

    @Override
    public int maxPageSize() {
        return config.pageSize();
    }

    @Override
    public Page fetch(int size, int page) {
        String seed = config.seed().orElse(null);
        for (int waits = 0; ; waits++) {
            try {
                return parser.parse(api.fetch(size, config.nat().orElse(null), seed, seed == null ? null : page));
            } catch (RateLimitedException e) {
                if (waits >= config.maxRateLimitWaits() || e.retryAfter().compareTo(config.maxRetryAfter()) > 0) {
                    throw e;
                }
                LOG.infof("randomuser.me rate limit: waiting %d ms as Retry-After asks", e.retryAfter().toMillis());
                sleep(e.retryAfter().toMillis());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Retry-After", e);
        }
    }
}
