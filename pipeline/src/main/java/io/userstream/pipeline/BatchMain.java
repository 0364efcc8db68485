package io.userstream.pipeline;

import io.userstream.localstack.LocalStack;
import io.userstream.localstack.Ports;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code make batch}: the batch job once against `make run`'s Cassandra; when that is not running,
 * starts Cassandra alone on the same data ({@code .run/local-stack}), runs the job, stops it again.
 */
public final class BatchMain {

    private BatchMain() {
    }

    public static void main(String[] args) {
        RepoLayout repo = RepoLayout.find();
        PipelineSettings run = PipelineSettings.makeRun(repo.root());
        Optional<Integer> running = LocalStack.runningPort(run.localStack(), LocalStack.Service.CASSANDRA);
        try {
            if (running.isPresent()) {
                String contactPoint = Ports.LOOPBACK + ":" + running.get();
                System.out.println("userstream: batch job against make run's Cassandra at " + contactPoint + "...");
                System.out.println("userstream: " + runOnce(repo, contactPoint, run));
            } else {
                System.out.println("userstream: make run's Cassandra is not running: starting it alone on " + run.localStack() + "...");
                try (LocalStack stack = LocalStack.builder().dataDir(run.localStack()).kafka(false).start()) {
                    System.out.println("userstream: " + runOnce(repo, stack.cassandra().contactPoint(), run));
                }
            }
        } catch (RuntimeException e) {
            System.err.println("userstream: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String runOnce(RepoLayout repo, String contactPoint, PipelineSettings run) {
        return BatchRunner.runOnce(repo, contactPoint, run.logs().resolve("batch.log"), Duration.ofMinutes(30));
    }
}
