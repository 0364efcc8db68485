package io.userstream.ingest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** API pages around the contract's examples (contract's ContractExamples reads the examples themselves). */
public final class ContractCases {

    private ContractCases() {
    }

    /** A response body of the API's shape with these results. */
    public static String page(List<JsonNode> results) {
        ObjectNode body = Fixtures.JSON.createObjectNode();
        body.putArray("results").addAll(results);
        body.putObject("info").put("seed", "56d27f4a53bd5441").put("results", results.size()).put("page", 1).put("version", "1.4");
        return body.toString();
    }
}
