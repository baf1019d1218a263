/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A stand-in server that runs as its own JVM ({@link ManagedProcess}), so tests can SIGKILL it and
 * start it again on the same state. Subclasses say how to start it and when it is ready.
 *
 * @param <S> the subclass, returned by {@link #start()} and {@link #restart()}
 */
public abstract class ServerProcess<S extends ServerProcess<S>> implements AutoCloseable {

    /** Set once by the subclass constructor, after it prepared the server's state directory. */
    protected ManagedProcess process;

    /** Starts the JVM and waits until the server answers. */
    public abstract S start();

    public Path logFile() {
        return process.logFile();
    }

    public void kill9() {
        process.kill9();
    }

    public void stop() {
        process.stop(Duration.ofSeconds(10));
    }

    /** Starts again on the same state (files, port, credentials). */
    public S restart() {
        if (process.isAlive()) {
            stop();
        }
        return start();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }
}
