package io.userstream.ingest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** randomuser.me responses recorded in the API's real format, under src/test/resources/randomuser. */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static String body(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/randomuser/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The results of a fixture, as trees. */
    public static List<JsonNode> results(String name) {
        try {
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(body(name)).path("results").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
