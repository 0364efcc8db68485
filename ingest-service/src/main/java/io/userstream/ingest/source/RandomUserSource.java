package io.userstream.ingest.source;

import io.userstream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * randomuser.me as a {@link UserSource}: pages of at most 5,000, the configured nationalities and
 * seed, and a 429 answered by waiting for its Retry-After (a bounded number of times) before asking again.
 *
 * <p>A body that does not parse (cut short, HTML from a proxy) is treated like a transient failure:
 * fetched again, a bounded number of times with exponential backoff ({@code max-malformed-retries},
 * {@code malformed-retry-delay}). With a seed, the same page number brings the same users, so a
 * retry loses nothing. When every attempt is malformed, the last body's complete results are kept
 * (each a whole JSON object, validated on its own) and the rest of it is dead-lettered as
 * {@code response_not_json} with where it broke: nothing is dropped, and no valid user is held
 * back by a break after it.
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
        int malformed = 0;
        for (int waits = 0; ; ) {
            try {
                Page parsed = parser.parse(api.fetch(size, config.nat().orElse(null), seed, seed == null ? null : page));
                if (parsed.malformed() == null || malformed >= config.maxMalformedRetries()) {
                    return parsed;
                }
                long delay = config.malformedRetryDelay().toMillis() << Math.min(malformed, 10);
                malformed++;
                LOG.warnf("randomuser.me page %d: %s; fetching it again in %d ms (retry %d of %d)", page, parsed.malformed(),
                        delay, malformed, config.maxMalformedRetries());
                sleep(delay);
            } catch (RateLimitedException e) {
                waits++;
                if (waits > config.maxRateLimitWaits() || e.retryAfter().compareTo(config.maxRetryAfter()) > 0) {
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
