package io.tidemark.stack.scenario;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.StackException;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.kafka.KafkaBroker;
import io.tidemark.stack.mongo.MongoEndpoint;
import io.tidemark.stack.s3.S3Endpoint;
import io.tidemark.stack.s3.S3ProxyServer;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Scenario environment on local processes: KRaft broker JVM, s3proxy, mongo-java-server (or MONGODB_URI). */
public final class LocalScenarioEnvironment implements ScenarioEnvironment {
    private final LocalStack stack;
    private final KafkaBroker kafka;
    private final S3ProxyServer s3;
    private final MongoEndpoint mongo;

    public LocalScenarioEnvironment(String label, String bucket) {
        this.stack = LocalStack.create(label);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<KafkaBroker> k = pool.submit(() -> stack.startKafka());
            Future<S3ProxyServer> s = pool.submit(() -> stack.startS3(bucket));
            Future<MongoEndpoint> m = pool.submit(stack::startMongo);
            this.kafka = k.get();
            this.s3 = s.get();
            this.mongo = m.get();
        } catch (ExecutionException | InterruptedException e) {
            stack.markFailed();
            stack.close();
            throw new StackException("local scenario environment did not start", e.getCause() == null ? e : e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /** The underlying stack (for kill/restart of the broker, s3proxy or mongo, fault proxies). */
    public LocalStack stack() {
        return stack;
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public S3Endpoint s3() {
        return s3;
    }

    @Override
    public MongoEndpoint mongo() {
        return mongo;
    }

    @Override
    public ConnectWorker startWorker(WorkerOptions options) {
        return stack.startWorker(options);
    }

    @Override
    public Path stateDir() {
        return stack.stateDir();
    }

    @Override
    public void markFailed() {
        stack.markFailed();
    }

    @Override
    public Path newDir(String name) {
        return stack.newDir(name);
    }

    @Override
    public void close() {
        stack.close();
    }
}
