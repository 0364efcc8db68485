package io.userstream.pipeline;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * randomuser.me on 127.0.0.1, for the end-to-end test: {@code GET /api/?results=N&page=P} answers
 * pages in the API's format (info block, numeric and string postcodes, Persian, Cyrillic and
 * accented names, a null id.value), and one result in {@link #MISSING_UUID_ONE_IN} has no
 * {@code login.uuid}, as the real API sometimes sends.
 */
final class RandomUserStub implements AutoCloseable {

    static final int MISSING_UUID_ONE_IN = 97;
    private static final String[][] NAMES = {
        {"Laura", "Martin"}, {"Zoé", "Lefèvre"}, {"محمدامین", "کریمی"}, {"Ярослав", "Шевченко"}, {"Jörg", "Müller"}};
    private static final String[] NATS = {"FR", "FR", "IR", "UA", "DE"};

    private final HttpServer server;

    RandomUserStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api", this::page);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many results of the first {@code total} (pages of {@code pageSize}) lack a uuid. */
    static int missingUuids(int total) {
        int missing = 0;
        for (int i = 0; i < total; i++) {
            if (i % MISSING_UUID_ONE_IN == MISSING_UUID_ONE_IN - 1) {
                missing++;
            }
        }
        return missing;
    }

    private void page(HttpExchange exchange) throws IOException {
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
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
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
    }
}
