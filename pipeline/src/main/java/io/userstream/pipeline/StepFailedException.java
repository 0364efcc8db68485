package io.userstream.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** A start-up step of the pipeline that failed, named, so the runner can say which and show its log tail. */
public final class StepFailedException extends RuntimeException {

    StepFailedException(String step, RuntimeException cause) {
        super("step '" + step + "' failed: " + cause.getMessage(), cause);
    }

    /** Runs a step; a failure comes out as this exception, naming the step. */
    static <T> T step(String name, Supplier<T> action) {
        try {
            return action.get();
        } catch (StepFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StepFailedException(name, e);
        }
    }

    /** Runs a step that gives nothing back; a failure comes out as this exception, naming the step. */
    static void step(String name, Runnable action) {
        step(name, () -> {
            action.run();
            return null;
        });
    }

    /** Waits for a step run in parallel; its failure is thrown as it was. */
    static void join(CompletableFuture<Void> step) {
        try {
            step.join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }
}
