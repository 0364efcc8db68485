package io.userstream.pipeline.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * randomuser.me on 127.0.0.1, for the end-to-end test: {@code GET /api/?results=N&page=P} answers
 * pages in the API's format (info block, numeric and string postcodes, Persian, Cyrillic and
 * accented names, a null id.value), and one result in {@link #MISSING_UUID_ONE_IN} has no
 * {@code login.uuid}, as the real API sometimes sends. In the main sources (not the tests') so the
 * chaos harness of {@code make chaos} can serve the ingest service through it.
 *
 * <p>With {@link #faults(boolean)} on, the API's faults are interleaved with good pages, by request
 * number (deterministic, so a seed replays a chaos run's order of faults): a 503 with an HTML body,
 * a 429 with {@code Retry-After: 1}, a 200 whose body is randomuser.me's error object
 * ({@code {"error": ...}}), and now and then no answer for longer than the ingest service's read
 * timeout (10 s); the requests in between are answered.
 */
public final class RandomUserStub implements AutoCloseable {

    /** The faults served while {@link #faults(boolean)} is on. */
    public enum ApiFault {
        SERVER_ERROR("5xx (503, HTML body)"), RATE_LIMITED("429 with Retry-After: 1"), ERROR_BODY("200 with an error body"),
        TIMEOUT("no answer for 12 s (timeout)");

        public final String label;

        ApiFault(String label) {
            this.label = label;
        }
    }

    /** How long a TIMEOUT request stays unanswered: longer than the ingest service's read timeout (10 s). */
    static final long HANG_MS = 12_000;
    public static final int MISSING_UUID_ONE_IN = 97;
    private static final String[][] NAMES = {
        {"Laura", "Martin"}, {"Zoé", "Lefèvre"}, {"محمدامین", "کریمی"}, {"Ярослав", "Шевченко"}, {"Jörg", "Müller"}};
    private static final String[] NATS = {"FR", "FR", "IR", "UA", "DE"};

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "random-user-stub");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean faults = new AtomicBoolean();
    private final AtomicLong requests = new AtomicLong();
    private final Map<ApiFault, AtomicInteger> served = new EnumMap<>(ApiFault.class);
    private final AtomicInteger pages = new AtomicInteger();

    public RandomUserStub() throws IOException {
        for (ApiFault f : ApiFault.values()) {
            served.put(f, new AtomicInteger());
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);                        // a hanging request must not hold the others
        server.createContext("/api", this::page);
        server.start();
    }

    /** Interleaves the API's faults with good pages from now on (true) or answers every request (false). */
    public RandomUserStub faults(boolean on) {
        requests.set(0);
        faults.set(on);
        return this;
    }

    /** Faults served so far, by kind. */
    public Map<ApiFault, Integer> faultsServed() {
        Map<ApiFault, Integer> m = new EnumMap<>(ApiFault.class);
        served.forEach((f, n) -> m.put(f, n.get()));
        return m;
    }

    /** Good pages served so far. */
    public int pagesServed() {
        return pages.get();
    }

    /** Request k (from 0) while faults are on: of every 8, the 2nd a 503, the 4th a 429, the 6th an error body; the 8th of every 24 hangs (the first at request 7). */
    static ApiFault faultOf(long k) {
        return switch ((int) (k % 8)) {
            case 1 -> ApiFault.SERVER_ERROR;
            case 3 -> ApiFault.RATE_LIMITED;
            case 5 -> ApiFault.ERROR_BODY;
            case 7 -> k % 24 == 7 ? ApiFault.TIMEOUT : null;
            default -> null;
        };
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many results of the first {@code total} (pages of {@code pageSize}) lack a uuid. */
    public static int missingUuids(int total) {
        int missing = 0;
        for (int i = 0; i < total; i++) {
            if (i % MISSING_UUID_ONE_IN == MISSING_UUID_ONE_IN - 1) {
                missing++;
            }
        }
        return missing;
    }

    private void page(HttpExchange exchange) throws IOException {
        ApiFault fault = faults.get() ? faultOf(requests.getAndIncrement()) : null;
        if (fault != null) {
            served.get(fault).incrementAndGet();
            switch (fault) {
                case SERVER_ERROR -> answer(exchange, 503, "text/html", "<html><body>503 Service Unavailable</body></html>");
                case RATE_LIMITED -> {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    answer(exchange, 429, "application/json", "{\"error\":\"Too many requests\"}");
                }
                case ERROR_BODY -> answer(exchange, 200, "application/json; charset=utf-8",
                        "{\"error\":\"Uh oh, something has gone wrong. Please tweet us @randomapi about the issue. Thank you.\"}");
                case TIMEOUT -> {
                    try {
                        Thread.sleep(HANG_MS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                }
            }
            return;
        }
        pages.incrementAndGet();
        Map<String, String> query = query(exchange.getRequestURI());
        int results = Integer.parseInt(query.getOrDefault("results", "1"));
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        StringBuilder body = new StringBuilder("{\"results\":[");
        for (int i = 0; i < results; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(user(i));
        }
        body.append("],\"info\":{\"seed\":\"e2e\",\"results\":").append(results).append(",\"page\":").append(page)
                .append(",\"version\":\"1.4\"}}");
        answer(exchange, 200, "application/json; charset=utf-8", body.toString());
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String user(int i) {
        int k = i % NAMES.length;
        String uuid = i % MISSING_UUID_ONE_IN == MISSING_UUID_ONE_IN - 1 ? "" : "\"uuid\":\"" + UUID.randomUUID() + "\",";
        String postcode = k % 2 == 0 ? String.valueOf(10_000 + i % 80_000) : "\"" + (char) ('A' + k) + i % 1000 + " 4XY\"";
        String idValue = k == 3 ? "null" : "\"" + (100_000 + i) + "\"";
        return ("{\"gender\":\"female\",\"name\":{\"title\":\"Ms\",\"first\":\"%s\",\"last\":\"%s\"},"
                + "\"location\":{\"street\":{\"number\":%d,\"name\":\"Rue %d\"},\"city\":\"City %d\",\"state\":\"State\","
                + "\"country\":\"Country\",\"postcode\":%s,\"coordinates\":{\"latitude\":\"1.0\",\"longitude\":\"2.0\"},"
                + "\"timezone\":{\"offset\":\"+1:00\",\"description\":\"Paris\"}},\"email\":\"user%d@example.com\","
                + "\"login\":{%s\"username\":\"user%d\",\"password\":\"pw\",\"salt\":\"s\",\"md5\":\"m\",\"sha1\":\"s\",\"sha256\":\"s\"},"
                + "\"dob\":{\"date\":\"1980-05-0%dT10:00:00.000Z\",\"age\":45},\"registered\":{\"date\":\"2015-01-01T00:00:00.000Z\",\"age\":10},"
                + "\"phone\":\"01-%d\",\"cell\":\"06-%d\",\"id\":{\"name\":\"INSEE\",\"value\":%s},"
                + "\"picture\":{\"large\":\"https://randomuser.me/api/portraits/women/%d.jpg\",\"medium\":\"m\",\"thumbnail\":\"t\"},"
                + "\"nat\":\"%s\"}").formatted(NAMES[k][0], NAMES[k][1], i % 9999, i % 99, i % 50, postcode, i, uuid, i,
                1 + i % 9, i, i, idValue, i % 99, NATS[k]);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
