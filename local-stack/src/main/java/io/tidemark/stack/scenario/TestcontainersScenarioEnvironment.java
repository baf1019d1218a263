package io.tidemark.stack.scenario;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.mongo.MongoEndpoint;
import io.tidemark.stack.s3.S3Endpoint;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Path;

/**
 * Scenario environment on containers: Apache Kafka (KRaft), a MongoDB replica set, MinIO. Needs a Docker engine;
 * annotate the test class with {@code @Testcontainers(disabledWithoutDocker = true)} so it is skipped elsewhere.
 * Images can be overridden with -Dtidemark.image.kafka / .mongo / .minio.
 */
public final class TestcontainersScenarioEnvironment implements ScenarioEnvironment {
    public static final String KAFKA_IMAGE = System.getProperty("tidemark.image.kafka", "apache/kafka:4.1.0");
    public static final String MONGO_IMAGE = System.getProperty("tidemark.image.mongo", "mongo:7.0");
    public static final String MINIO_IMAGE = System.getProperty("tidemark.image.minio", "minio/minio:RELEASE.2023-09-04T19-57-37Z");

    private final LocalStack stack;
    private final KafkaContainer kafka;
    private final MongoDBContainer mongo;
    private final MinIOContainer minio;
    private final S3Endpoint s3;

    public TestcontainersScenarioEnvironment(String label, String bucket) {
        this.stack = LocalStack.create(label + "-containers");
        this.kafka = new KafkaContainer(KAFKA_IMAGE);
        this.mongo = new MongoDBContainer(MONGO_IMAGE);
        this.minio = new MinIOContainer(MINIO_IMAGE);
        try {
            Startables.deepStart(kafka, mongo, minio).join();
        } catch (RuntimeException e) {
            closeContainers();
            stack.close();
            throw e;
        }
        URI endpoint = URI.create(minio.getS3URL());
        String user = minio.getUserName();
        String password = minio.getPassword();
        this.s3 = new S3Endpoint() {
            @Override
            public URI endpoint() {
                return endpoint;
            }

            @Override
            public String accessKey() {
                return user;
            }

            @Override
            public String secretKey() {
                return password;
            }

            @Override
            public String bucket() {
                return bucket;
            }
        };
        try (S3Client c = s3.client()) {
            c.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public String kind() {
        return "testcontainers";
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public S3Endpoint s3() {
        return s3;
    }

    @Override
    public MongoEndpoint mongo() {
        String uri = mongo.getReplicaSetUrl();
        return new MongoEndpoint() {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public boolean isRealMongo() {
                return true;
            }
        };
    }

    @Override
    public ConnectWorker startWorker(WorkerOptions options) {
        return stack.startWorker(kafka.getBootstrapServers(), options);
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

    private void closeContainers() {
        minio.stop();
        mongo.stop();
        kafka.stop();
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            closeContainers();
        }
    }
}
