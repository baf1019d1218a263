/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A server that runs as its own JVM ({@link ManagedProcess}: log file, pid, shutdown-hook reaper), so tests can
 * SIGKILL it and start it again on the same state. The Kafka broker, the Connect workers, s3proxy and
 * mongo-java-server all start, wait, stop and restart the same way; a subclass says only how its process is
 * built ({@link #launch(ManagedProcess)}), what to write before each start ({@link #beforeStart()}), which port
 * it listens on ({@link #listenPort()}) and when it answers ({@link #awaitAnswer(Duration)}).
 *
 * @param <S> the subclass, returned by {@link #start()}, {@link #startAsync()} and {@link #restart()}
 */
public abstract class ServerProcess<S extends ServerProcess<S>> implements AutoCloseable {
    private final Duration startTimeout;
    private final Duration stopGrace;
    private ManagedProcess process;

    /**
     * @param startTimeout how long {@link #start()} waits for the port, and then again for the answer
     * @param stopGrace how long {@link #stop()} waits after SIGTERM before it sends SIGKILL
     */
    protected ServerProcess(Duration startTimeout, Duration stopGrace) {
        this.startTimeout = startTimeout;
        this.stopGrace = stopGrace;
    }

    /** Called once by the subclass constructor, after it prepared the server's state directory. */
    protected final void launch(ManagedProcess managedProcess) {
        if (this.process != null) {
            throw new IllegalStateException("the process of " + this + " is already set");
        }
        this.process = managedProcess;
    }

    /** The TCP port on 127.0.0.1 that accepts connections once the JVM is up. */
    protected abstract int listenPort();

    /**
     * Waits until the server answers its own protocol (it already listens on {@link #listenPort()}); throws a
     * {@link StackException} (or an AssertionError from a REST client) with the log tail if it does not.
     */
    protected abstract void awaitAnswer(Duration timeout);

    /** Runs before every start (first start and restarts): write config files here. Does nothing by default. */
    protected void beforeStart() {}

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** Starts the JVM and waits until the server answers. */
    public S start() {
        startAsync();
        awaitReady(startTimeout);
        return self();
    }

    /** Starts the JVM without waiting (several servers can then come up in parallel; see {@link #awaitReady}). */
    public S startAsync() {
        beforeStart();
        process().start();
        return self();
    }

    /**
     * Waits up to {@code timeout} until the port listens, then up to {@code timeout} until the server answers;
     * fails at once with the log tail if the JVM exits.
     */
    public void awaitReady(Duration timeout) {
        Ports.awaitListening(listenPort(), timeout, process());
        awaitAnswer(timeout);
    }

    /** The OS process (its command line, pid, exit code, log). */
    public ManagedProcess process() {
        if (process == null) {
            throw new IllegalStateException("the subclass constructor did not set the process");
        }
        return process;
    }

    public Path logFile() {
        return process().logFile();
    }

    /** The last {@code lines} lines of the log file (for failure messages). */
    public String logTail(int lines) {
        return process().logTail(lines);
    }

    public long pid() {
        return process().pid();
    }

    public boolean isRunning() {
        return process().isAlive();
    }

    /** Real SIGKILL, waits until the process is gone. */
    public void kill9() {
        process().kill9();
    }

    /** SIGTERM, then SIGKILL after the stop grace of this server. Returns true if SIGTERM sufficed. */
    public boolean stop() {
        return process().stop(stopGrace);
    }

    /** Starts again on the same state (files, ports, credentials), stopping it first if it still runs. */
    public S restart() {
        if (process().isAlive()) {
            stop();
        }
        return start();
    }

    @Override
    public void close() {
        stop();
    }
}
