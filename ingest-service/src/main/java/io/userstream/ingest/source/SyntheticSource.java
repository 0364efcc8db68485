package io.userstream.ingest.source;

import io.userstream.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The built-in offline source: pages from {@link SyntheticGenerator}, read through the same
 * {@link ResponseParser} as the real API so its quirks take the same path.
 */
@ApplicationScoped
public class SyntheticSource implements UserSource {

    private final SyntheticGenerator generator;
    private final ResponseParser parser = new ResponseParser();
    /** Pages continue across runs, so each run gets new users and a restart replays the same sequence. */
    private final AtomicInteger nextPage = new AtomicInteger(1);

    public SyntheticSource(IngestConfig config) {
        this.generator = new SyntheticGenerator(config.synthetic().seed());
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public int maxPageSize() {
        return 5000;
    }

    @Override
    public Page fetch(int size, int page) {
        return parser.parse(generator.page(size, nextPage.getAndIncrement()));
    }
}
