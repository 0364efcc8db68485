package io.userstream.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** `make run`'s supervision on a fake clock: back-off doubling, capped, reset after a healthy run; failed restarts retried. */
class SupervisorTest {

    private final AtomicLong now = new AtomicLong();
    private final List<String> log = new ArrayList<>();

    @Test
    void aDeadProcessIsRestartedAfterABackOffThatDoublesWhileItKeepsCrashing() {
        FakeProcess spark = new FakeProcess("Spark job");
        FakeProcess kafka = new FakeProcess("Kafka");
        Supervisor supervisor = supervisor(spark, kafka);

        spark.dead = true;
        supervisor.tick();
        assertThat(log).containsExactly("Spark job exited (exit code 137); restarting in 2 s (crash 1 in a row)");
        advance(1);
        supervisor.tick();
        assertThat(spark.restarts).isZero();
        advance(1);
        supervisor.tick();
        assertThat(spark.restarts).isEqualTo(1);
        assertThat(supervisor.restarts()).isEqualTo(1);
        assertThat(kafka.restarts).as("the others are left alone").isZero();

        List<Long> backoffs = new ArrayList<>();
        for (int crash = 2; crash <= 6; crash++) {
            spark.dead = true;
            supervisor.tick();
            long waited = 0;
            while (spark.restarts < crash) {
                advance(1);
                waited++;
                supervisor.tick();
            }
            backoffs.add(waited);
        }
        assertThat(backoffs).containsExactly(4L, 8L, 16L, 16L, 16L);
        assertThat(supervisor.restarts()).isEqualTo(6);

        advance(60);                       // up for longer than the reset period
        supervisor.tick();
        spark.dead = true;
        supervisor.tick();
        assertThat(log.get(log.size() - 1)).endsWith("restarting in 2 s (crash 1 in a row)");
    }

    @Test
    void aRestartThatFailsIsTriedAgainWithALongerBackOff() {
        FakeProcess cassandra = new FakeProcess("Cassandra");
        cassandra.failNextRestart = true;
        Supervisor supervisor = supervisor(cassandra);

        cassandra.dead = true;
        supervisor.tick();
        advance(2);
        supervisor.tick();
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("Cassandra did not come back: port taken"));

        supervisor.tick();
        assertThat(log.get(log.size() - 1)).contains("restarting in 4 s");
        advance(4);
        supervisor.tick();
        assertThat(cassandra.restarts).isEqualTo(1);
        assertThat(cassandra.dead).isFalse();
        assertThat(supervisor.restarts()).isEqualTo(2);
    }

    private Supervisor supervisor(FakeProcess... processes) {
        return new Supervisor(List.of(processes), Duration.ofSeconds(2), Duration.ofSeconds(16), Duration.ofSeconds(30),
                now::get, log::add);
    }

    private void advance(long seconds) {
        now.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    private static final class FakeProcess implements Supervisor.Process {
        private final String name;
        boolean dead;
        boolean failNextRestart;
        int restarts;

        FakeProcess(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean hasDied() {
            return dead;
        }

        @Override
        public Integer exitCode() {
            return dead ? 137 : null;
        }

        @Override
        public void restart() {
            if (failNextRestart) {
                failNextRestart = false;
                dead = false;               // like ServerNode: stopped, nothing running that could report dying
                throw new IllegalStateException("port taken");
            }
            dead = false;
            restarts++;
        }
    }
}
