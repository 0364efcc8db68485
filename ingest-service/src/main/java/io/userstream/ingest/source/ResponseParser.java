package io.userstream.ingest.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a randomuser.me response body into a {@link Page}, streaming: each result's JSON is cut
 * from the body as received (no field dropped or rewritten) and checked against the contract's
 * schema ({@link UserSchemaValidator}); a second result with the {@code login.uuid} of an earlier
 * one of the page is rejected (the first is kept: API order decides). An {@code {"error": ...}}
 * body or one without results is rejected whole.
 *
 * <p>A body that does not parse to its end is {@link Page#malformed() malformed}: the page keeps
 * the results that were complete before the break (each is a whole JSON object, validated on its
 * own) and rejects the rest of the body as {@code response_not_json}. The source decides whether
 * to fetch it again (see {@link RandomUserSource}).
 */
public final class ResponseParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private final UserSchemaValidator validator = new UserSchemaValidator();

    public Page parse(String body) {
        Reader reader = new Reader(body);
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return malformed(reader, "empty body", 0);
            }
            if (first != JsonToken.START_OBJECT) {
                return Page.rejectedResponse(Rejected.of("response_not_json_object", null, body));
            }
            return reader.readResponse(p);
        } catch (IOException e) {
            reader.errorOffset = offset(e, 0);
            return malformed(reader, message(e), reader.completeUpTo);
        }
    }

    private static long offset(IOException e, long otherwise) {
        return e instanceof JsonProcessingException j && j.getLocation() != null && j.getLocation().getCharOffset() >= 0
                ? j.getLocation().getCharOffset() : otherwise;
    }

    private static Page malformed(Reader reader, String why, int keptUpTo) {
        String reason = "response_not_json: " + why + " (at char " + reader.errorOffset + " of " + reader.body.length()
                + "; " + reader.completeResults() + " complete results before it)";
        List<Rejected> rejected = new ArrayList<>(reader.rejected);
        rejected.add(Rejected.of(reason, null, reader.body.substring(keptUpTo)));
        return new Page(reader.users, rejected, reader.seed, reader.version, reason);
    }

    private static String message(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        m = m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
        int marker = m.indexOf(" (start marker");
        return marker > 0 ? m.substring(0, marker) : m;
    }

    /** The state of one body being read. */
    private final class Reader {
        final String body;
        final List<UserRecord> users = new ArrayList<>();
        final List<Rejected> rejected = new ArrayList<>();
        /** login.uuid (lower case) -> number of the result that had it first, and its JSON. */
        final Map<String, Map.Entry<Integer, String>> seen = new HashMap<>();
        String seed = "";
        String version = "";
        /** Where the body stops being usable: just after the last complete result. */
        int completeUpTo;
        long errorOffset;

        Reader(String body) {
            this.body = body;
        }

        long completeResults() {
            return users.size() + rejected.stream().filter(Rejected::result).count();
        }

        Page readResponse(JsonParser p) throws IOException {
            boolean sawResults = false;
            try {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if ("error".equals(field)) {
                        return Page.rejectedResponse(Rejected.of("api_error: " + p.getValueAsString(value.toString()), null, body));
                    } else if ("results".equals(field) && value == JsonToken.START_ARRAY) {
                        sawResults = true;
                        readResults(p);
                    } else if ("info".equals(field) && value == JsonToken.START_OBJECT) {
                        JsonNode info = MAPPER.readTree(p);
                        seed = info.path("seed").asText("");
                        version = info.path("version").asText("");
                    } else {
                        p.skipChildren();
                    }
                }
                if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                    throw new IOException("unexpected content after the response object");
                }
            } catch (IOException e) {
                errorOffset = offset(e, p.currentLocation().getCharOffset());
                return malformed(this, message(e), completeUpTo);
            }
            return sawResults ? new Page(users, rejected, seed, version, null)
                    : Page.rejectedResponse(Rejected.of("response_without_results", null, body));
        }

        private void readResults(JsonParser p) throws IOException {
            completeUpTo = (int) p.currentLocation().getCharOffset();
            int number = 0;
            for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
                if (token == null) {
                    throw new IOException("body ends inside results");
                }
                number++;
                int start = (int) p.currentTokenLocation().getCharOffset();
                JsonNode result = MAPPER.readTree(p);
                int end = (int) p.currentLocation().getCharOffset();
                accept(number, result, body.substring(start, end));
                completeUpTo = end;
            }
        }

        private void accept(int number, JsonNode result, String raw) {
            JsonNode uuidNode = result.path("login").path("uuid");
            String key = uuidNode.isTextual() ? uuidNode.asText() : null;
            Optional<String> violation = validator.violation(result);
            if (violation.isPresent()) {
                rejected.add(Rejected.result(violation.get(), key, raw));
                return;
            }
            Map.Entry<Integer, String> first = seen.putIfAbsent(key.toLowerCase(Locale.ROOT), Map.entry(number, raw));
            if (first != null) {
                rejected.add(Rejected.result("duplicate_login_uuid: result " + number + " of the page has the login.uuid of result "
                        + first.getKey() + " (" + (first.getValue().equals(raw) ? "same" : "different") + " content); the first is kept",
                        key, raw));
                return;
            }
            users.add(new UserRecord(key, raw));
        }
    }
}
