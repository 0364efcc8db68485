package io.userstream.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** randomuser.me 1.4 result objects for tests and the benchmark, with every field overridable. */
public final class TestUsers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestUsers() {
    }

    /** A complete user as the API returns it (postcode a number, as for nationality DE). */
    public static Map<String, Object> user(UUID uuid, String first, String last) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("gender", "female");
        u.put("name", map("title", "Ms", "first", first, "last", last));
        u.put("location", map(
                "street", map("number", 4512, "name", "Lindenstraße"),
                "city", "Wolfenbüttel", "state", "Niedersachsen", "country", "Germany",
                "postcode", 38302,
                "coordinates", map("latitude", "-2.4181", "longitude", "-19.8932"),
                "timezone", map("offset", "+1:00", "description", "Brussels")));
        u.put("email", (first + "." + last + "@example.com").toLowerCase());
        u.put("login", map("uuid", uuid.toString(), "username", "user" + uuid.toString().substring(0, 8),
                "password", "secret", "salt", "x", "md5", "y", "sha1", "z", "sha256", "w"));
        u.put("dob", map("date", "1993-07-20T09:44:18.674Z", "age", 31));
        u.put("registered", map("date", "2015-05-27T06:04:40.219Z", "age", 9));
        u.put("phone", "0581-1234567");
        u.put("cell", "0170-1234567");
        u.put("id", map("name", "SVNR", "value", "12 200593 S 123"));
        u.put("picture", map("large", "https://randomuser.me/api/portraits/women/1.jpg",
                "medium", "https://randomuser.me/api/portraits/med/women/1.jpg",
                "thumbnail", "https://randomuser.me/api/portraits/thumb/women/1.jpg"));
        u.put("nat", "DE");
        return u;
    }

    public static String json(Map<String, Object> user) {
        try {
            return JSON.writeValueAsString(user);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String json(UUID uuid, String first, String last) {
        return json(user(uuid, first, last));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> sub(Map<String, Object> user, String field) {
        return (Map<String, Object>) user.get(field);
    }

    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
