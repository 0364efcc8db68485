package io.userstream.helm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-safe navigation in parsed YAML (maps, lists and scalars). */
final class Yamls {

    private Yamls() {
    }

    /** The value at a path of map keys, or null when any step is missing. */
    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    static Map<String, Object> map(Object node, String... path) {
        Object value = at(node, path);
        return value instanceof Map<?, ?> map ? asMap(map) : Map.of();
    }

    static List<Object> list(Object node, String... path) {
        Object value = at(node, path);
        if (value instanceof List<?> list) {
            return List.copyOf(list.stream().map(o -> (Object) o).toList());
        }
        return List.of();
    }

    static List<Map<String, Object>> maps(Object node, String... path) {
        return list(node, path).stream()
                .filter(Map.class::isInstance)
                .map(o -> asMap((Map<?, ?>) o))
                .toList();
    }

    static String string(Object node, String... path) {
        Object value = at(node, path);
        return value == null ? null : value.toString();
    }

    static Map<String, String> stringMap(Object node) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
