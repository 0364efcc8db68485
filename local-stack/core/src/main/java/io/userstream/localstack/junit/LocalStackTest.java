package io.userstream.localstack.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class against the JVM-wide shared local-stack, started on first use:
 *
 * <pre>{@code
 * @LocalStackTest(cassandra = false)
 * class TopicIT {
 *     @Test void produces(KafkaNode kafka) { ... kafka.bootstrapServers() ... }
 * }
 * }</pre>
 *
 * Test methods, constructors and lifecycle methods may take {@code LocalStack}, {@code KafkaNode} or
 * {@code CassandraNode} parameters.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalStackExtension.class)
public @interface LocalStackTest {

    /** Start Kafka for this class. */
    boolean kafka() default true;

    /** Start Cassandra for this class. */
    boolean cassandra() default true;
}
