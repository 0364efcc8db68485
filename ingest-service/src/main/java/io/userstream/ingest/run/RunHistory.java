package io.userstream.ingest.run;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The most recent runs, newest first, kept in memory (bounded). */
@ApplicationScoped
public class RunHistory {

    static final int KEEP = 100;

    private final Deque<IngestRun> runs = new ArrayDeque<>();

    synchronized IngestRun start(String trigger, String source, int requested) {
        IngestRun run = new IngestRun(trigger, source, requested);
        runs.addFirst(run);
        if (runs.size() > KEEP) {
            runs.removeLast();
        }
        return run;
    }

    public synchronized java.util.Optional<RunView> find(String id) {
        return runs.stream().filter(r -> r.id.equals(id)).findFirst().map(IngestRun::view);
    }

    public synchronized List<RunView> recent(int limit) {
        return runs.stream().limit(limit).map(IngestRun::view).toList();
    }
}
