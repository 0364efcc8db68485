package io.userstream.helm;

import com.marcnuri.helm.Release;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NOTES.txt, as `helm install` prints it (a client-only dry run: no cluster), gives commands that
 * name the resources the chart and the operators really create.
 */
class NotesTest {

    @Test
    void notesPrintExactCommandsForEveryUi() {
        Release release = Chart.helm().install()
                .withName(Chart.RELEASE)
                .withNamespace(Chart.NAMESPACE)
                .withKubeVersion(Chart.KUBE_VERSION)
                .withValuesFile(Chart.DIR.resolve("values-kind.yaml"))
                .set("ingest.api.keepPasswordsOnUpgrade", "false") // helm-java's dry run calls the cluster for lookup
                .dryRun()
                .clientOnly()
                .call();
        String notes = release.getOutput();
        Manifests manifests = Renderings.get("kind");
        String ingest = Workloads.ingestDeployment(manifests).name();
        String app = Workloads.sparkApplication(manifests).name();
        String cassandra = manifests.single("K8ssandraCluster").name();
        String secret = cassandra + "-superuser";
        assertThat(notes)
                .contains("kubectl -n userstream port-forward svc/" + manifests.get("Service", ingest).name() + " 8080:8080")
                .contains("http://localhost:8080/dashboard")
                .contains("http://localhost:8080/q/swagger-ui")
                .contains("http://localhost:30080 works without port-forward")
                .contains("kubectl -n userstream port-forward svc/" + app + "-ui-svc 4040:4040")
                .contains("kubectl -n userstream port-forward pod/" + app + "-driver 4040:4040")
                .contains("curl http://localhost:4040" + MonitoringTest.jobServletPath())
                .contains("kubectl -n userstream port-forward svc/" + manifests.get("Service", "userstream-kafka-ui").name() + " 8081:8080")
                .contains("kubectl -n userstream port-forward svc/" + cassandra + "-dc1-service 9042:9042")
                .contains("get secret " + secret + " -o jsonpath='{.data.password}'")
                .contains("SELECT * FROM spark_streams.created_users LIMIT 10;")
                .contains("kubectl -n userstream port-forward svc/" + manifests.get("Service", "userstream-registry").name() + " 8082:8080")
                .contains("kubectl -n userstream port-forward svc/" + manifests.get("Service", "userstream-registry-ui").name() + " 8083:8080")
                .contains("open http://localhost:8083");
        // the console calls the API where that port-forward puts it
        assertThat(Yamls.string(Yamls.maps(manifests.get("Deployment", "userstream-registry-ui").body(),
                "spec", "template", "spec", "containers").get(0), "env")).contains("http://localhost:8082/apis/registry/v3");
    }
}
