package io.userstream.helm;

import io.userstream.helm.Chart.Profile;
import org.junit.jupiter.params.provider.Arguments;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The renderings every structural test runs against: the three shipped profiles plus two variants
 * that reach the templates' other branches. Rendered once per JVM.
 */
final class Renderings {

    private static final Map<String, Manifests> CACHE = new ConcurrentHashMap<>();

    private static final Map<String, Supplier<Manifests>> ALL = Map.of(
            "default", () -> Chart.render(Profile.DEFAULT),
            "kind", () -> Chart.render(Profile.KIND),
            "production", () -> Chart.render(Profile.PRODUCTION),
            // Production with the Kafka UI on TLS + SCRAM, and OnFailure restarts.
            "production+ui", () -> Chart.render(Profile.PRODUCTION, Map.of(
                    "kafkaUi.enabled", "true",
                    "spark.restartPolicy.type", "OnFailure")),
            // No SCRAM but TLS: no KafkaUsers, the CA mounted, protocol SSL.
            "tls-no-auth", () -> Chart.render(Profile.KIND, Map.of(
                    "kafka.auth.enabled", "false",
                    "kafka.tls.enabled", "true")));

    private Renderings() {
    }

    static Manifests get(String name) {
        return CACHE.computeIfAbsent(name, n -> ALL.get(n).get());
    }

    /** Arguments (name, manifests) for @MethodSource. */
    static Stream<Arguments> all() {
        return Stream.of("default", "kind", "production", "production+ui", "tls-no-auth")
                .map(name -> Arguments.of(name, get(name)));
    }
}
