package io.userstream.helm;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key of values.yaml is documented with a `# --` comment (helm-docs style: on the key itself
 * or on an ancestor that is documented as a whole, like `resources`), and the README's values
 * table lists every documented key.
 */
class ValuesDocumentationTest {

    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_-]+):(.*)$");

    private record Key(int indent, String path, boolean documented) {
    }

    @Test
    void everyValueIsDocumentedAndInTheReadme() {
        List<String> lines = Chart.readChartFile("values.yaml").lines().toList();
        Deque<Key> stack = new ArrayDeque<>();
        List<String> comments = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        List<String> documented = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                comments.clear();
                continue;
            }
            if (trimmed.startsWith("#")) {
                comments.add(trimmed.substring(1).strip());
                continue;
            }
            Matcher m = KEY.matcher(line);
            if (!m.matches()) {
                comments.clear();
                continue;
            }
            int indent = m.group(1).length();
            while (!stack.isEmpty() && stack.peek().indent() >= indent) {
                stack.pop();
            }
            String path = stack.isEmpty() ? m.group(2) : stack.peek().path() + "." + m.group(2);
            boolean doc = comments.stream().anyMatch(c -> c.startsWith("--"));
            boolean ancestorDocumented = stack.stream().anyMatch(Key::documented);
            if (doc && !ancestorDocumented) {
                documented.add(path);
            }
            if (isLeaf(lines, i, m.group(3)) && !doc && !ancestorDocumented) {
                undocumented.add(path);
            }
            stack.push(new Key(indent, path, doc));
            comments.clear();
        }
        assertThat(undocumented).as("keys without a `# --` comment").isEmpty();
        assertThat(documented).hasSizeGreaterThan(50);
        String readme = Chart.readChartFile("README.md");
        assertThat(documented).allSatisfy(key -> assertThat(readme).as("README values table").contains("| `" + key + "` |"));
    }

    /** A key with a value on its line, or whose block is a list. */
    private static boolean isLeaf(List<String> lines, int index, String rest) {
        if (!rest.isBlank()) {
            return true;
        }
        for (String next : lines.subList(index + 1, lines.size())) {
            String trimmed = next.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                return trimmed.startsWith("- ");
            }
        }
        return true;
    }
}
