package io.userstream.pipeline.chaos;

import io.userstream.localstack.LocalStack;
import io.userstream.localstack.ServerNode;
import io.userstream.pipeline.Pipeline;

import java.time.Duration;

/**
 * The faults the chaos run injects. Kills are healed by the supervisor (as Kubernetes restarts a
 * container); a pause lasts longer than the clients' timeouts, then the process is resumed; the
 * ingest service is restarted gracefully (SIGTERM: it drains), as a rolling update would, and also
 * killed with -9 (its run in flight is lost with it; what Kafka acknowledged stays). Every one of
 * `make run`'s four processes is killed, and healed by `make run`'s Supervisor (with a shorter back-off).
 */
public enum Fault {
    KILL_SPARK_JOB("kill -9 Spark job"),
    KILL_KAFKA("kill -9 Kafka"),
    KILL_CASSANDRA("kill -9 Cassandra"),
    PAUSE_KAFKA("pause Kafka"),
    PAUSE_CASSANDRA("pause Cassandra"),
    RESTART_INGEST("restart ingest service"),
    KILL_INGEST("kill -9 ingest service");

    final String label;

    Fault(String label) {
        this.label = label;
    }

    void inject(Pipeline pipeline, Duration pause) throws InterruptedException {
        switch (this) {
            case KILL_SPARK_JOB -> pipeline.spark().kill();
            case KILL_KAFKA -> pipeline.stack().node(LocalStack.Service.KAFKA).kill();
            case KILL_CASSANDRA -> pipeline.stack().node(LocalStack.Service.CASSANDRA).kill();
            case PAUSE_KAFKA -> pauseFor(pipeline.stack().node(LocalStack.Service.KAFKA), pause);
            case PAUSE_CASSANDRA -> pauseFor(pipeline.stack().node(LocalStack.Service.CASSANDRA), pause);
            case RESTART_INGEST -> pipeline.ingest().restart(Duration.ofSeconds(180));
            case KILL_INGEST -> pipeline.ingest().kill();
        }
    }

    private static void pauseFor(ServerNode node, Duration pause) throws InterruptedException {
        node.pause();
        try {
            Thread.sleep(pause.toMillis());
        } finally {
            node.resume();
        }
    }
}
