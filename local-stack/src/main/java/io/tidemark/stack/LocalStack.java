/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack;

import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.ProcessConnectCluster;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.fault.FaultProxy;
import io.tidemark.stack.kafka.KafkaBroker;
import io.tidemark.stack.mongo.ExternalMongo;
import io.tidemark.stack.mongo.MongoEndpoint;
import io.tidemark.stack.mongo.MongoServerProcess;
import io.tidemark.stack.s3.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Real services for one test (or one test class, or the demo), all state under one directory:
 * <pre>{@code
 * try (LocalStack stack = LocalStack.create("my-it")) {
 *     KafkaBroker kafka = stack.startKafka();
 *     ConnectWorker worker = stack.startWorker(WorkerOptions.defaults().pluginPath(pluginDir));
 *     S3ProxyServer s3 = stack.startS3("bucket");
 *     MongoEndpoint mongo = stack.startMongo();
 *     ...
 * }
 * }</pre>
 * Everything started through it is closed in reverse order by {@link #close()}; processes are also killed by a
 * JVM shutdown hook. The state directory is deleted on close unless {@link #markFailed()} was called (the JUnit
 * extension does that when a test fails), {@link #keepState()} was called, or {@code -Dtidemark.stack.keep=true}.
 */
public final class LocalStack implements AutoCloseable {
    private final Path stateDir;
    private final boolean ownsDir;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private volatile boolean keep = Boolean.getBoolean("tidemark.stack.keep");
    private KafkaBroker kafka;
    private S3ProxyServer s3;
    private MongoEndpoint mongo;
    private int workerCount;
    private boolean closed;

    private LocalStack(Path stateDir, boolean ownsDir) {
        this.stateDir = stateDir;
        this.ownsDir = ownsDir;
        System.out.println("[local-stack] state under " + stateDir);
    }

    /** A fresh temp directory {@code tidemark-stack-<label>-*} (under -Dtidemark.stack.dir if set). */
    public static LocalStack create(String label) {
        try {
            String base = System.getProperty("tidemark.stack.dir");
            String prefix = "tidemark-stack-" + label.replaceAll("[^A-Za-z0-9_.-]", "_") + "-";
            Path dir;
            if (base != null) {
                Files.createDirectories(Paths.get(base));
                dir = Files.createTempDirectory(Paths.get(base), prefix);
            } else {
                dir = Files.createTempDirectory(prefix);
            }
            return new LocalStack(dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LocalStack create() {
        return create("test");
    }

    /** Uses (and never deletes) the given directory, e.g. the demo's --state. */
    public static LocalStack at(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LocalStack(dir.toAbsolutePath(), false);
    }

    public Path stateDir() {
        return stateDir;
    }

    /** A fresh sub-directory of the state dir (name made unique with a counter if taken). */
    public synchronized Path newDir(String name) {
        try {
            Path p = stateDir.resolve(name);
            int i = 1;
            while (Files.exists(p)) {
                p = stateDir.resolve(name + "-" + i++);
            }
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers something to close with the stack (closed in reverse registration order). */
    public synchronized <T extends AutoCloseable> T register(T resource) {
        resources.push(resource);
        return resource;
    }

    // ------------------------------------------------------------------ services

    /** Starts the KRaft broker JVM (state under {@code kafka/}). */
    public KafkaBroker startKafka() {
        return startKafka(b -> {});
    }

    public KafkaBroker startKafka(Consumer<KafkaBroker.Builder> customizer) {
        KafkaBroker k;
        synchronized (this) {
            if (kafka != null) {
                throw new IllegalStateException("kafka already started: " + kafka);
            }
            KafkaBroker.Builder b = KafkaBroker.builder(newDir("kafka"));
            customizer.accept(b);
            k = register(b.build());
            kafka = k;
        }
        return k.start();
    }

    /** The broker started by {@link #startKafka()}. */
    public synchronized KafkaBroker kafka() {
        if (kafka == null) {
            throw new IllegalStateException("startKafka() first");
        }
        return kafka;
    }

    /** Starts one Connect worker JVM against this stack's broker (state under {@code worker-N/}). */
    public ConnectWorker startWorker(WorkerOptions options) {
        return startWorker(kafka().bootstrapServers(), options);
    }

    /** Starts one Connect worker JVM against any bootstrap address (e.g. a Kafka container). */
    public ConnectWorker startWorker(String bootstrapServers, WorkerOptions options) {
        ConnectWorker w;
        synchronized (this) {
            int idx = workerCount++;
            w = register(
                    new ConnectWorker("connect-worker-" + idx, newDir("worker-" + idx), bootstrapServers, options));
        }
        return w.start();
    }

    /** Starts {@code workers} worker JVMs in parallel, one group, against this stack's broker. */
    public ProcessConnectCluster startConnectCluster(int workers, Supplier<WorkerOptions> options) {
        ProcessConnectCluster c =
                register(new ProcessConnectCluster(kafka().bootstrapServers(), newDir("connect"), options));
        return c.start(workers);
    }

    /** Starts s3proxy (state under {@code s3/}) with the bucket. */
    public S3ProxyServer startS3(String bucket) {
        S3ProxyServer s;
        synchronized (this) {
            if (s3 != null) {
                throw new IllegalStateException("s3 already started: " + s3);
            }
            s = register(new S3ProxyServer(newDir("s3"), bucket));
            s3 = s;
        }
        return s.start();
    }

    public S3ProxyServer startS3() {
        return startS3("tidemark-test");
    }

    public synchronized S3ProxyServer s3() {
        if (s3 == null) {
            throw new IllegalStateException("startS3() first");
        }
        return s3;
    }

    /**
     * MongoDB: the real one named by env MONGODB_URI if set (nothing started), else a mongo-java-server JVM
     * (state under {@code mongo/}).
     */
    public MongoEndpoint startMongo() {
        ExternalMongo external = ExternalMongo.fromEnvironment();
        if (external != null) {
            synchronized (this) {
                if (mongo != null) {
                    throw new IllegalStateException("mongo already started: " + mongo);
                }
                mongo = external;
            }
            System.out.println("[local-stack] MONGODB_URI is set: using that MongoDB, no mongo-java-server started");
            return external;
        }
        return startMongoServerProcess();
    }

    /** Always a mongo-java-server JVM, even when MONGODB_URI is set (for kill/restart tests). */
    public MongoServerProcess startMongoServerProcess() {
        MongoServerProcess p;
        synchronized (this) {
            if (mongo != null) {
                throw new IllegalStateException("mongo already started: " + mongo);
            }
            p = register(new MongoServerProcess(newDir("mongo")));
            mongo = p;
        }
        return p.start();
    }

    /** The four services of a full stack. */
    public record Services(KafkaBroker kafka, ConnectWorker worker, S3ProxyServer s3, MongoEndpoint mongo) {}

    /**
     * Starts broker, s3proxy and MongoDB in parallel, then one Connect worker with {@code options}; returns when
     * all are ready.
     */
    public Services startAll(String bucket, WorkerOptions options) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.concurrent.Future<KafkaBroker> k = pool.submit(() -> startKafka());
            java.util.concurrent.Future<S3ProxyServer> s = pool.submit(() -> startS3(bucket));
            java.util.concurrent.Future<MongoEndpoint> m = pool.submit(() -> startMongo());
            KafkaBroker broker = k.get();
            ConnectWorker w = startWorker(options);
            return new Services(broker, w, s.get(), m.get());
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re
                    ? re
                    : new StackException("stack start failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        } finally {
            pool.shutdown();
        }
    }

    public synchronized MongoEndpoint mongo() {
        if (mongo == null) {
            throw new IllegalStateException("startMongo() first");
        }
        return mongo;
    }

    /** A fault proxy on a free 127.0.0.1 port in front of 127.0.0.1:targetPort. */
    public FaultProxy faultProxy(String name, int targetPort, FaultProxy.Mode mode) {
        return register(new FaultProxy(name, Ports.LOOPBACK, targetPort, mode));
    }

    // ------------------------------------------------------------------ lifecycle

    /** Keep the state directory after close (and print where it is). */
    public void keepState() {
        keep = true;
    }

    /** Called when the test failed: the state directory is kept and its path printed on close. */
    public void markFailed() {
        keep = true;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        RuntimeException first = null;
        while (true) {
            AutoCloseable r;
            synchronized (this) {
                r = resources.poll();
            }
            if (r == null) {
                break;
            }
            try {
                r.close();
            } catch (Exception e) {
                if (first == null) {
                    first = new StackException("closing " + r + " failed", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (keep || !ownsDir) {
            System.out.println("[local-stack] state kept under " + stateDir
                    + " (logs: */*.log, broker data: kafka/data, s3 objects: s3/data, mongo: mongo/mongo.mv)");
        } else {
            deleteRecursively(stateDir);
        }
        if (first != null) {
            throw first;
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.out.println("[local-stack] could not delete " + dir + ": " + e);
        }
    }
}
