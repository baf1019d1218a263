package io.tidemark.stack.scenario;

import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.mongo.MongoEndpoint;
import io.tidemark.stack.s3.S3Endpoint;

import java.nio.file.Path;

/**
 * The services a connector scenario runs against, whichever way they are provided: local processes
 * ({@link LocalScenarioEnvironment}) or containers ({@link TestcontainersScenarioEnvironment}). Connect workers are
 * always worker JVMs of this module (plugin.path from the build), pointed at the environment's Kafka.
 * <pre>{@code
 * abstract class S3SinkScenario {
 *     abstract ScenarioEnvironment environment();
 *     @Test void sinks() { try (ScenarioEnvironment env = environment()) { ... } }
 * }
 * class S3SinkLocalIT extends S3SinkScenario { ScenarioEnvironment environment() { return ScenarioEnvironments.local("s3"); } }
 * @Testcontainers(disabledWithoutDocker = true)
 * class S3SinkContainersIT extends S3SinkScenario { ScenarioEnvironment environment() { return ScenarioEnvironments.testcontainers("s3"); } }
 * }</pre>
 */
public interface ScenarioEnvironment extends AutoCloseable {

    /** "local" or "testcontainers". */
    String kind();

    String bootstrapServers();

    S3Endpoint s3();

    MongoEndpoint mongo();

    /** Starts a Connect worker JVM against {@link #bootstrapServers()}; stopped on close. */
    ConnectWorker startWorker(WorkerOptions options);

    /** Directory for test files and worker state (kept when the test failed, see LocalStack). */
    Path stateDir();

    /** Keep the state directory after close (call when the test failed). */
    void markFailed();

    /** A fresh sub-directory of the state directory. */
    Path newDir(String name);

    @Override
    void close();
}
