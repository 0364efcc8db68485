package io.userstream.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The classpath of a server JVM, resolved by Maven when local-stack was built and recorded in a
 * resource of the server-kafka / server-cassandra jars. Nothing is downloaded at run time.
 */
final class ServerClasspath {

    private ServerClasspath() {
    }

    static String of(String server, String resource) {
        String path = "/io/userstream/localstack/" + resource;
        try (InputStream in = ServerClasspath.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(server + ": classpath resource " + path
                        + " is missing; build local-stack with Maven (`make build`) so it resolves the server's jars");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            List<String> missing = Arrays.stream(classpath.split(java.io.File.pathSeparator))
                    .filter(jar -> !Files.exists(Path.of(jar)))
                    .limit(3)
                    .toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException(server + ": jars recorded at build time are gone from the local Maven "
                        + "repository (for example " + missing + "); run `make build` again");
            }
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** local-stack's own classes or jar, so the child can run {@link ChildMain}. */
    static String ownLocation() {
        try {
            return Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
