package io.userstream.ingest.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns a randomuser.me response body into a {@link Page}, streaming: each result's JSON is cut
 * from the body as received (no field dropped or rewritten), checked for a valid {@code login.uuid},
 * and a body that is not JSON, an {@code {"error": ...}} body or one without results is rejected whole.
 */
public final class ResponseParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    public Page parse(String body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Page.rejectedResponse(Rejected.of("response_not_json_object", null, body));
            }
            return readResponse(p, body);
        } catch (IOException e) {
            return Page.rejectedResponse(Rejected.of("response_not_json", null, body));
        }
    }

    private Page readResponse(JsonParser p, String body) throws IOException {
        List<UserRecord> users = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        String seed = "";
        String version = "";
        boolean sawResults = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("error".equals(field)) {
                return Page.rejectedResponse(Rejected.of("api_error: " + p.getValueAsString(value.toString()), null, body));
            } else if ("results".equals(field) && value == JsonToken.START_ARRAY) {
                sawResults = true;
                readResults(p, body, users, rejected);
            } else if ("info".equals(field) && value == JsonToken.START_OBJECT) {
                JsonNode info = MAPPER.readTree(p);
                seed = info.path("seed").asText("");
                version = info.path("version").asText("");
            } else {
                p.skipChildren();
            }
        }
        return sawResults ? new Page(users, rejected, seed, version)
                : Page.rejectedResponse(Rejected.of("response_without_results", null, body));
    }

    private void readResults(JsonParser p, String body, List<UserRecord> users, List<Rejected> rejected) throws IOException {
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            if (token == null) {
                throw new IOException("body ends inside results");
            }
            int start = (int) p.currentTokenLocation().getCharOffset();
            String uuid = token == JsonToken.START_OBJECT ? loginUuid(p) : skip(p);
            String raw = body.substring(start, (int) p.currentLocation().getCharOffset());
            if (token != JsonToken.START_OBJECT) {
                rejected.add(Rejected.of("result_not_object", null, raw));
            } else if (uuid == null || uuid.isBlank()) {
                rejected.add(Rejected.of("result_without_login_uuid", null, raw));
            } else if (!isUuid(uuid)) {
                rejected.add(Rejected.of("result_invalid_login_uuid", uuid, raw));
            } else {
                users.add(new UserRecord(uuid, raw));
            }
        }
    }

    /** Reads one result object to its end; returns its login.uuid (null when absent or not a string). */
    private static String loginUuid(JsonParser p) throws IOException {
        String uuid = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean login = "login".equals(p.currentName());
            JsonToken value = p.nextToken();
            if (login && value == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    boolean isUuid = "uuid".equals(p.currentName());
                    JsonToken v = p.nextToken();
                    if (isUuid && v == JsonToken.VALUE_STRING) {
                        uuid = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return uuid;
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
