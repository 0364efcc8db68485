package io.userstream.helm;

import com.marcnuri.helm.LintResult;
import io.userstream.helm.Chart.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** `helm lint --strict` and plain rendering of every shipped profile. */
class ChartLintTest {

    @Test
    void lintStrictIsClean() {
        LintResult result = Chart.helm().lint().strict().call();
        assertThat(result.getMessages()).filteredOn(m -> !m.startsWith("[INFO]")).isEmpty();
        assertThat(result.isFailed()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyProfileRenders(Profile profile) {
        Manifests manifests = Chart.render(profile);
        assertThat(manifests.resources()).isNotEmpty();
        assertThat(manifests.resources()).allSatisfy(r -> {
            assertThat(r.apiVersion()).isNotBlank();
            assertThat(r.kind()).isNotBlank();
            assertThat(r.name()).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        });
    }

    @Test
    void chartMetadataPinsKubernetesAndAppVersion() {
        String chartYaml = Chart.readChartFile("Chart.yaml");
        assertThat(chartYaml)
                .contains("apiVersion: v2")
                .contains("kubeVersion: \">=1.30.0-0\"")
                .contains("appVersion: \"" + Chart.releaseVersion() + "\"");
    }
}
