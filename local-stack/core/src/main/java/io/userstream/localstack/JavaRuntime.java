package io.userstream.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Which `java` starts a server: the one running us, unless the server needs another feature release. */
final class JavaRuntime {

    private JavaRuntime() {
    }

    static Path current() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Cassandra 5.0 runs on JDK 11 or 17 only (it dies on 24+, where the Security Manager is gone).
     * Uses {@code CASSANDRA_JAVA_HOME} when set, else this JVM when it is 11 or 17.
     */
    static Path forCassandra() {
        String override = System.getenv("CASSANDRA_JAVA_HOME");
        if (override != null && !override.isBlank()) {
            Path java = Path.of(override, "bin", "java");
            if (!Files.isExecutable(java)) {
                throw new IllegalStateException("Cassandra: CASSANDRA_JAVA_HOME=" + override + " has no bin/java");
            }
            return java;
        }
        int feature = Runtime.version().feature();
        if (!List.of(11, 17).contains(feature)) {
            throw new IllegalStateException("Cassandra: 5.0 runs on JDK 11 or 17, but this JVM is " + feature
                    + "; run with JDK 17 or set CASSANDRA_JAVA_HOME to a JDK 17");
        }
        return current();
    }
}
