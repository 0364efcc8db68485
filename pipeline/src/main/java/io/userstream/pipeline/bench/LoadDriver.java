package io.userstream.pipeline.bench;

import io.userstream.pipeline.Http;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady offered load: one manual ingest run of {@code perSecond} users each second, sent without
 * waiting for the previous one. Runs until closed, and at most {@link #MAX_TICKS} ticks in any case.
 */
final class LoadDriver implements AutoCloseable {

    static final int MAX_TICKS = 600;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-driver");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private LoadDriver() {
    }

    static LoadDriver start(String ingestUrl, int perSecond) {
        LoadDriver driver = new LoadDriver();
        HttpRequest request = Http.request(ingestUrl + "/api/ingest/runs?count=" + perSecond)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        driver.timer.scheduleAtFixedRate(() -> {
            if (driver.ticks.incrementAndGet() > MAX_TICKS) {
                driver.timer.shutdown();
                return;
            }
            driver.client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .thenAccept(r -> {
                        if (r.statusCode() / 100 != 2) {
                            driver.refused.incrementAndGet();
                        }
                    });
        }, 0, 1, TimeUnit.SECONDS);
        return driver;
    }

    /** Ticks the service refused (for example while a run was still going). */
    long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
