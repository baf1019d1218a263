package io.tidemark.stack.scenario;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.verify.FileAppender;
import io.tidemark.stack.verify.MongoWriter;
import io.tidemark.stack.verify.TopicVerifier;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One scenario, two environments: {@link LocalScenarioTest} (here) and {@link TestcontainersScenarioTest} (needs Docker). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScenarioContract {
    ScenarioEnvironment env;

    abstract ScenarioEnvironment createEnvironment();

    @BeforeAll
    void start() {
        env = createEnvironment();
    }

    @AfterAll
    void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void fileSourceThroughAWorkerJvm() {
        Path plugins = PluginDirs.connectFile(env.newDir("plugins"));
        ConnectWorker worker = env.startWorker(WorkerOptions.defaults().pluginPath(plugins).groupId("scenario"));
        FileAppender app = new FileAppender(env.newDir("in").resolve("in.log"));
        app.append(25);
        worker.rest().createOrUpdate("scenario-src", Map.of("connector.class",
                "org.apache.kafka.connect.file.FileStreamSourceConnector", "tasks.max", "1", "topic", "scenario-lines",
                "file", app.file().toString(), "value.converter", "org.apache.kafka.connect.storage.StringConverter"));
        worker.rest().awaitRunning("scenario-src", 1, Duration.ofSeconds(60));
        TopicVerifier.awaitCount(env.bootstrapServers(), "scenario-lines", 25, Duration.ofSeconds(60));
        assertThat(new TopicVerifier(env.bootstrapServers(), "scenario-lines").verify(TopicVerifier.lastNumberInValue())
                .missing(1, 25)).isEmpty();
    }

    @Test
    void s3RoundTrip() {
        try (S3Client s3 = env.s3().client()) {
            s3.putObject(b -> b.bucket(env.s3().bucket()).key("scenario/obj"), RequestBody.fromString("x"));
            assertThat(s3.listObjectsV2(b -> b.bucket(env.s3().bucket()).prefix("scenario/")).keyCount()).isEqualTo(1);
        }
    }

    @Test
    void mongoChangeStreamSeesInserts() {
        try (MongoClient c = env.mongo().client()) {
            MongoCollection<Document> coll = c.getDatabase("scenario").getCollection("events");
            coll.insertOne(new Document("_id", 0L)); // creates the collection (needed by some servers before watch)
            try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = coll.watch().cursor()) {
                new MongoWriter(coll).insertOneByOne(2);
                int seen = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (seen < 2 && System.nanoTime() < deadline) {
                    if (cursor.tryNext() != null) {
                        seen++;
                    }
                }
                assertThat(seen).isEqualTo(2);
            }
        }
    }
}
