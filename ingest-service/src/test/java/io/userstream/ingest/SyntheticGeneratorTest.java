package io.userstream.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.userstream.ingest.source.Page;
import io.userstream.ingest.source.ResponseParser;
import io.userstream.ingest.source.SyntheticGenerator;
import io.userstream.ingest.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The seeded generator: deterministic, the API's shape, the API's quirks. */
class SyntheticGeneratorTest {

    @Test
    void sameSeedSameUsersOtherSeedOtherUsers() {
        assertThat(new SyntheticGenerator(7).page(100, 3)).isEqualTo(new SyntheticGenerator(7).page(100, 3));
        assertThat(new SyntheticGenerator(7).page(100, 3)).isNotEqualTo(new SyntheticGenerator(8).page(100, 3));
        assertThat(new SyntheticGenerator(7).page(100, 3)).isNotEqualTo(new SyntheticGenerator(7).page(100, 4));
    }

    @Test
    void resultsHaveTheApiShape() throws Exception {
        JsonNode api = Fixtures.results("page-quirks.json").get(0);
        JsonNode body = Fixtures.JSON.readTree(new SyntheticGenerator(1).page(50, 1));

        assertThat(body.path("info").path("version").asText()).isEqualTo("1.4");
        for (JsonNode user : body.path("results")) {
            assertThat(fieldPaths(user, "")).containsExactlyInAnyOrderElementsOf(fieldPaths(api, ""));
        }
    }

    @Test
    void quirksAppearInRealisticProportions() {
        Page page = new ResponseParser().parse(new SyntheticGenerator(42).page(5000, 1));
        List<String> all = page.users().stream().map(u -> u.json()).toList();

        assertThat(page.fetched()).isEqualTo(5000);
        assertThat(count(all, "\"postcode\":\"")).isBetween(500L, 2500L);           // string postcodes (GB, CA, NL)
        assertThat(count(all, "\"value\":null")).isBetween(1000L, 2500L);           // IR, UA, TR have no id value
        assertThat(all).anyMatch(j -> j.contains("\"nat\":\"IR\"") && j.matches("(?s).*[\\u0600-\\u06FF].*"));
        assertThat(all).anyMatch(j -> j.contains("\"nat\":\"UA\"") && j.matches("(?s).*[\\u0400-\\u04FF].*"));
        assertThat(all).anyMatch(j -> j.contains("\"nat\":\"FR\"") && j.matches("(?s).*[éèëïçô].*"));
        int missing = 0;
        for (int p = 1; p <= 10; p++) {
            missing += new ResponseParser().parse(new SyntheticGenerator(42).page(5000, p)).rejected().size();
        }
        assertThat(missing).as("about one in 10,000 without login.uuid").isBetween(1, 20);
    }

    private static long count(List<String> json, String fragment) {
        return json.stream().filter(j -> j.contains(fragment)).count();
    }

    private static List<String> fieldPaths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            JsonNode child = node.get(name);
            paths.add(prefix + name);
            if (child.isObject()) {
                paths.addAll(fieldPaths(child, prefix + name + "."));
            }
        });
        return paths;
    }
}
