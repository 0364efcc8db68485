package io.userstream.ingest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userstream.contract.UsersCreatedSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The contract's examples (users_created.examples.json), each case applied to the example record. */
public final class ContractCases {

    /** A value and the reason the contract expects for it (null when valid). */
    public record Case(String name, JsonNode value, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    private ContractCases() {
    }

    public static JsonNode example() {
        return tree().get("example").deepCopy();
    }

    public static List<Case> valid() {
        return cases("valid");
    }

    public static List<Case> invalid() {
        return cases("invalid");
    }

    private static JsonNode tree() {
        try {
            return Fixtures.JSON.readTree(UsersCreatedSchema.examplesJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Case> cases(String kind) {
        List<Case> out = new ArrayList<>();
        for (JsonNode c : tree().get(kind)) {
            JsonNode value = c.has("value") ? c.get("value") : example();
            for (Iterator<Map.Entry<String, JsonNode>> it = c.path("set").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                parent(value, e.getKey()).set(last(e.getKey()), e.getValue());
            }
            for (JsonNode pointer : c.path("remove")) {
                parent(value, pointer.asText()).remove(last(pointer.asText()));
            }
            out.add(new Case(c.has("why") ? c.get("why").asText() : c.path("reason").asText(), value,
                    c.has("reason") ? c.get("reason").asText() : null));
        }
        return out;
    }

    private static ObjectNode parent(JsonNode root, String pointer) {
        return (ObjectNode) root.at(pointer.substring(0, pointer.lastIndexOf('/')));
    }

    private static String last(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1);
    }

    /** A response body of the API's shape with these results. */
    public static String page(List<JsonNode> results) {
        ObjectNode body = Fixtures.JSON.createObjectNode();
        body.putArray("results").addAll(results);
        body.putObject("info").put("seed", "56d27f4a53bd5441").put("results", results.size()).put("page", 1).put("version", "1.4");
        return body.toString();
    }

    /** The example with another login.uuid. */
    public static JsonNode exampleWithUuid(String uuid) {
        JsonNode e = example();
        ((ObjectNode) e.get("login")).put("uuid", uuid);
        return e;
    }
}
