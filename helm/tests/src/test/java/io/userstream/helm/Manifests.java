package io.userstream.helm;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** The documents of one `helm template` run, with look-ups by kind and name. */
record Manifests(List<Resource> resources) {

    static Manifests parse(String yaml) {
        List<Resource> resources = new ArrayList<>();
        for (Object document : yaml(8 * 1024 * 1024).loadAll(yaml)) {
            if (document instanceof Map<?, ?> map) {
                resources.add(new Resource(Yamls.asMap(map)));
            }
        }
        return new Manifests(List.copyOf(resources));
    }

    static Yaml yaml(int codePointLimit) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(codePointLimit);
        options.setMaxAliasesForCollections(200);
        return new Yaml(new SafeConstructor(options));
    }

    List<Resource> ofKind(String kind) {
        return resources.stream().filter(r -> r.kind().equals(kind)).toList();
    }

    Optional<Resource> find(String kind, String name) {
        return resources.stream().filter(r -> r.kind().equals(kind) && r.name().equals(name)).findFirst();
    }

    Resource get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + this));
    }

    Resource single(String kind) {
        List<Resource> found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    List<Resource> where(Predicate<Resource> predicate) {
        return resources.stream().filter(predicate).toList();
    }

    @Override
    public String toString() {
        return resources.stream().map(Resource::toString).toList().toString();
    }

    /** One rendered document. */
    record Resource(Map<String, Object> body) {

        String apiVersion() {
            return Objects.toString(body.get("apiVersion"), "");
        }

        String kind() {
            return Objects.toString(body.get("kind"), "");
        }

        String name() {
            return Yamls.string(body, "metadata", "name");
        }

        Map<String, String> labels() {
            return Yamls.stringMap(Yamls.at(body, "metadata", "labels"));
        }

        Map<String, Object> spec() {
            return Yamls.map(body, "spec");
        }

        @Override
        public String toString() {
            return kind() + "/" + name();
        }
    }
}
