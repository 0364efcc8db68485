package io.userstream.helm;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkSubmit;
import org.apache.spark.deploy.SparkSubmitArguments;
import org.apache.spark.deploy.k8s.KubernetesConf$;
import org.apache.spark.deploy.k8s.KubernetesDriverConf;
import org.apache.spark.deploy.k8s.KubernetesDriverSpec;
import org.apache.spark.deploy.k8s.KubernetesExecutorConf;
import org.apache.spark.deploy.k8s.submit.ClientArguments;
import org.apache.spark.deploy.k8s.submit.KubernetesDriverBuilder;
import org.apache.spark.resource.ResourceProfile$;
import org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBuilder;
import scala.Option;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spark's own Kubernetes submission (the spark-submit of the operator's image), run without a
 * cluster: SparkSubmit's argument handling, then what KubernetesClientApplication and its Client
 * do up to the API call, building the driver pod with KubernetesDriverBuilder. The client is never
 * connected: the builders only use it to parse the pod template files.
 */
final class SparkKubernetesSubmit implements AutoCloseable {

    static final String CLIENT_APPLICATION = "org.apache.spark.deploy.k8s.submit.KubernetesClientApplication";

    private final KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").withNamespace("unused")
                    .withAutoConfigure(false).build())
            .build();

    /** What one submission produced: the driver pod (container in place) and its properties file. */
    record Driver(Pod pod, Map<String, String> properties, KubernetesDriverConf conf) {
    }

    /** spark-submit args -> the driver pod and the properties it is started with. */
    Driver submit(List<String> args) {
        SparkSubmitArguments parsed = new SparkSubmitArguments(
                CollectionConverters.asScala(args).toList(), scala.collection.immutable.Map$.MODULE$.empty());
        SparkSubmit submit = new SparkSubmit();
        Tuple4<scala.collection.immutable.Seq<String>, scala.collection.immutable.Seq<String>, SparkConf, String> env =
                submit.prepareSubmitEnvironment(parsed, Option.empty());
        if (!CLIENT_APPLICATION.equals(env._4())) {
            throw new AssertionError("spark-submit would run " + env._4() + ", not " + CLIENT_APPLICATION);
        }
        SparkConf sparkConf = env._3();
        ClientArguments clientArgs = ClientArguments.fromCommandLineArgs(
                CollectionConverters.asJava(env._1()).toArray(String[]::new));
        KubernetesDriverConf conf = KubernetesConf$.MODULE$.createDriverConf(sparkConf,
                KubernetesConf$.MODULE$.getKubernetesAppId(), clientArgs.mainAppResource(), clientArgs.mainClass(),
                clientArgs.driverArgs(), clientArgs.proxyUser());
        KubernetesDriverSpec spec = new KubernetesDriverBuilder().buildFromFeatures(conf, client);
        // Client.run: the container goes into the pod; the properties file is the Spark conf plus
        // the system properties of the features (KubernetesClientUtils.buildSparkConfDirFilesMap).
        Pod pod = new PodBuilder(spec.pod().pod()).editSpec().addToContainers(spec.pod().container()).endSpec().build();
        Map<String, String> properties = new LinkedHashMap<>();
        for (scala.Tuple2<String, String> entry : conf.sparkConf().getAll()) {
            properties.put(entry._1(), entry._2());
        }
        properties.putAll(CollectionConverters.asJava(spec.systemProperties()));
        return new Driver(pod, properties, conf);
    }

    /**
     * The first executor pod, as the driver builds it from its properties. (In the cluster the
     * driver is the job's Spark 3.5 doing this; here Spark 4.0's builder checks the same settings.)
     */
    Pod executor(Driver driver, String executorTemplateFile) {
        SparkConf sparkConf = new SparkConf(false);
        driver.properties().forEach(sparkConf::set);
        // The driver reads the executor template from a config map Spark mounts into it; here it
        // is read from where the operator wrote it.
        sparkConf.set("spark.kubernetes.executor.podTemplateFile", executorTemplateFile);
        KubernetesExecutorConf conf = KubernetesConf$.MODULE$.createExecutorConf(sparkConf, "1",
                driver.conf().appId(), Option.apply(driver.pod()), 0);
        var spec = new KubernetesExecutorBuilder().buildFromFeatures(conf, new SecurityManager(sparkConf,
                Option.empty(), org.apache.spark.internal.config.package$.MODULE$.AUTH_SECRET_FILE_EXECUTOR()), client,
                // The default profile is cached per JVM: made anew for each rendering's executor settings.
                ResourceProfile$.MODULE$.reInitDefaultProfile(sparkConf));
        return new PodBuilder(spec.pod().pod()).editSpec().addToContainers(spec.pod().container()).endSpec().build();
    }

    @Override
    public void close() {
        client.close();
    }
}
