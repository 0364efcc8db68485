package io.userstream.localstack;

import io.userstream.localstack.cli.LocalStackCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs `local-stack up` in its own JVM, as `make run` does, then ends that JVM: politely (SIGTERM,
 * what Ctrl-C and a finishing test run do) and brutally (SIGKILL, a crashed test JVM). Either way no
 * Kafka or Cassandra process may be left.
 */
class NoLeftoverProcessIT {

    private static final Pattern PID = Pattern.compile("\\(pid (\\d+),");

    @TempDir
    Path dir;

    @Test
    void sigtermOfTheParentStopsItsServers() throws Exception {
        Started up = startCli("--no-cassandra");
        up.cli.destroy();
        assertThat(up.cli.waitFor(60, TimeUnit.SECONDS)).as("CLI exits after SIGTERM").isTrue();
        assertAllGone(up.serverPids);
    }

    @Test
    void sigkillOfTheParentStillStopsBothServers() throws Exception {
        Started up = startCli();
        assertThat(up.serverPids).hasSize(2);
        up.cli.destroyForcibly();
        up.cli.waitFor(10, TimeUnit.SECONDS);
        assertAllGone(up.serverPids);
    }

    private Started startCli(String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                LocalStackCli.class.getName(), "up", "--data-dir", dir.toString()));
        command.addAll(List.of(extra));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Long> pids = new ArrayList<>();
        List<String> output = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            output.add(line);
            Matcher m = PID.matcher(line);
            if (m.find()) {
                pids.add(Long.parseLong(m.group(1)));
            }
            if (line.startsWith("Press Ctrl-C")) {
                break;
            }
        }
        assertThat(line).as("CLI output: %s", output).isNotNull();
        drainInBackground(reader);
        return new Started(cli, pids);
    }

    private static void drainInBackground(BufferedReader reader) {
        Thread t = new Thread(() -> {
            try {
                while (reader.readLine() != null) {
                    // keep the pipe from filling up while the CLI stops
                }
            } catch (IOException ignored) {
                // the CLI is gone
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static void assertAllGone(List<Long> pids) throws InterruptedException {
        assertThat(pids).isNotEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && pids.stream().anyMatch(NoLeftoverProcessIT::alive)) {
            Thread.sleep(200);
        }
        assertThat(pids).noneMatch(NoLeftoverProcessIT::alive);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private record Started(Process cli, List<Long> serverPids) {
    }
}
