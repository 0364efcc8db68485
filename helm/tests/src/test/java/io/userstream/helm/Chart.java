package io.userstream.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/** The chart under test and the ways of rendering it, offline (helm-java embeds Helm 3). */
final class Chart {

    static final String RELEASE = "userstream";
    static final String NAMESPACE = "userstream";
    /** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion); Helm defaults to 1.20 otherwise. */
    static final String KUBE_VERSION = "1.30.0";

    static final Path ROOT = Path.of(System.getProperty("userstream.root", "../..")).toAbsolutePath().normalize();
    static final Path DIR = ROOT.resolve("helm/userstream");
    static final Path CRDS = ROOT.resolve(".crds");

    private static final Properties BUILD = loadBuildProperties();

    private Chart() {
    }

    /** A values profile shipped with the chart; DEFAULT uses values.yaml alone. */
    enum Profile {
        DEFAULT(null),
        KIND("values-kind.yaml"),
        PRODUCTION("values-production.yaml");

        private final String file;

        Profile(String file) {
            this.file = file;
        }

        TemplateCommand apply(TemplateCommand command) {
            return file == null ? command : command.withValuesFile(DIR.resolve(file));
        }
    }

    static Helm helm() {
        return new Helm(DIR);
    }

    static TemplateCommand template(Profile profile) {
        return profile.apply(helm().template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION))
                // helm-java's template leaves hooks out; the `helm test` pod and the cassandra-roles
                // Job are rendered as plain manifests so that they are validated like every other template.
                .set("tests.hook", "false")
                .set("cassandra.rolesJob.hook", "false")
                // helm-java's template calls the cluster for `lookup` (the CLI's does not): there is none here
                .set("ingest.api.keepPasswordsOnUpgrade", "false");
    }

    static Manifests render(Profile profile) {
        return render(profile, UnaryOperator.identity());
    }

    static Manifests render(Profile profile, UnaryOperator<TemplateCommand> customizer) {
        return Manifests.parse(customizer.apply(template(profile)).call());
    }

    /** Renders with `--set` overrides on top of a profile. */
    static Manifests render(Profile profile, Map<String, Object> sets) {
        return render(profile, command -> {
            sets.forEach(command::set);
            return command;
        });
    }

    /** spark.version of the root pom: the Spark the job is compiled against. */
    static String sparkVersion() {
        return BUILD.getProperty("spark.version");
    }

    /** scala.version of the root pom: the Scala the job's jars are built for. */
    static String scalaVersion() {
        return BUILD.getProperty("scala.version");
    }

    /** The project version without -SNAPSHOT: the chart's appVersion and the images' tag. */
    static String releaseVersion() {
        return BUILD.getProperty("project.version").replace("-SNAPSHOT", "");
    }

    static String readChartFile(String name) {
        try {
            return Files.readString(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties loadBuildProperties() {
        try (InputStream in = Chart.class.getResourceAsStream("/userstream-build.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
