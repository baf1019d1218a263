/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.connect;

import io.tidemark.stack.rest.ConnectRestClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Connect workers in their own JVMs sharing one group, against a bootstrap address (a {@link
 * io.tidemark.stack.kafka.KafkaBroker} JVM or any other Kafka). {@link #rest()} talks to the first running worker.
 */
public final class ProcessConnectCluster implements AutoCloseable {
    private final String bootstrapServers;
    private final Path stateDir;
    private final Supplier<WorkerOptions> options;
    private final List<ConnectWorker> workers = new ArrayList<>();

    /**
     * @param options a fresh WorkerOptions per worker (all workers of a cluster must share group id and plugin path)
     */
    public ProcessConnectCluster(String bootstrapServers, Path stateDir, Supplier<WorkerOptions> options) {
        this.bootstrapServers = bootstrapServers;
        this.stateDir = stateDir;
        this.options = options;
    }

    /** Starts {@code n} more workers in parallel and waits until all answer REST. */
    public ProcessConnectCluster start(int n) {
        List<ConnectWorker> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int idx = workers.size();
            ConnectWorker w = new ConnectWorker(
                    "connect-worker-" + idx, stateDir.resolve("worker-" + idx), bootstrapServers, options.get());
            workers.add(w);
            started.add(w.startAsync());
        }
        for (ConnectWorker w : started) {
            w.awaitRestReady(java.time.Duration.ofSeconds(180));
        }
        return this;
    }

    /** Adds and starts one worker. */
    public ConnectWorker addWorker() {
        start(1);
        return workers.get(workers.size() - 1);
    }

    public List<ConnectWorker> workers() {
        return List.copyOf(workers);
    }

    public ConnectWorker worker(int i) {
        return workers.get(i);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    private ConnectWorker firstRunning() {
        for (ConnectWorker w : workers) {
            if (w.isRunning()) {
                return w;
            }
        }
        if (workers.isEmpty()) {
            throw new IllegalStateException("no worker started");
        }
        return workers.get(0);
    }

    public URI restUrl() {
        return firstRunning().restUrl();
    }

    public ConnectRestClient rest() {
        return firstRunning().rest();
    }

    @Override
    public void close() {
        for (int i = workers.size() - 1; i >= 0; i--) {
            workers.get(i).stop();
        }
    }
}
