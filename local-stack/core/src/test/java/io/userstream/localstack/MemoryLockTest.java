package io.userstream.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryLockTest {

    static final String ROOT = "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t000001ffffffffff\n";
    static final String USER = "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t0000000000000000\n";
    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    @Test
    void aProcessThatCanLockMemoryStartsCassandraWithoutThatCapability() {
        assertThat(MemoryLock.canLockMemory(ROOT)).isTrue();
        assertThat(MemoryLock.launcher(ROOT, SETPRIV))
                .containsExactly("/usr/bin/setpriv", "--bounding-set=-ipc_lock", "--inh-caps=-ipc_lock", "--");
    }

    @Test
    void anOrdinaryUserOrAMissingSetprivChangesNothing() {
        assertThat(MemoryLock.canLockMemory(USER)).isFalse();
        assertThat(MemoryLock.launcher(USER, SETPRIV)).isEmpty();
        assertThat(MemoryLock.launcher(ROOT, null)).isEmpty();
        // root without CAP_IPC_LOCK alone (bit 14 cleared): as an ordinary user
        assertThat(MemoryLock.launcher("CapEff:\t000001fffeffbfff\n", SETPRIV)).isEmpty();
    }
}
