package io.userstream.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build output of the other modules is. `make run` and the end-to-end test start the
 * services from exactly what `make build` produced; a missing piece fails with the command to run.
 */
public final class RepoLayout {

    private final Path root;

    private RepoLayout(Path root) {
        this.root = root;
    }

    /** The repository root: {@code userstream.root} when set, else the nearest parent holding contract/. */
    public static RepoLayout find() {
        String property = System.getProperty("userstream.root");
        Path start = property != null && !property.isBlank() ? Path.of(property) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("contract")) && Files.isDirectory(p.resolve("local-stack"))) {
                return new RepoLayout(p);
            }
        }
        throw new IllegalStateException("cannot find the userstream repository above " + start
                + "; run from the repository or set -Duserstream.root");
    }

    public Path root() {
        return root;
    }

    /** The ingest service's application.properties: its producer settings are the benchmark's. */
    public Path ingestProperties() {
        return require(root.resolve("ingest-service/src/main/resources/application.properties"), "ingest service");
    }

    /** Quarkus' fast-jar launcher of the ingest service. */
    public Path ingestRunJar() {
        return require(root.resolve("ingest-service/target/quarkus-app/quarkus-run.jar"), "ingest service");
    }

    /** The Spark job's classes and the classpath (Spark included) its module records for local runs. */
    public String sparkLocalClasspath() {
        Path classes = require(root.resolve("spark-app/target/classes"), "Spark job");
        Path classpathFile = require(root.resolve("spark-app/target/local.classpath"), "Spark job");
        return classes + java.io.File.pathSeparator + read(classpathFile);
    }

    /** JVM flags the Spark job needs on JDK 17 (its module writes them from its pom, the one place they live). */
    public String sparkJvmFlags() {
        return read(require(root.resolve("spark-app/target/jvm.flags"), "Spark job"));
    }

    /** The job's log4j2 configuration for local runs (quiet Spark internals, one line per batch). */
    public Path sparkLocalLogConfig() {
        return require(root.resolve("spark-app/conf/log4j2-local.properties"), "Spark job");
    }

    private static Path require(Path p, String what) {
        if (!Files.exists(p)) {
            throw new IllegalStateException(what + " is not built (" + p + " is missing); run `make build` first");
        }
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
