package io.tidemark.stack.connect;

import io.tidemark.stack.ConnectCluster;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.verify.FileAppender;
import io.tidemark.stack.verify.TopicVerifier;
import io.tidemark.stack.verify.Topics;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Fast mode: EmbeddedConnectCluster in the test JVM behind the same ConnectCluster interface. */
class InProcessConnectClusterTest {

    @Test
    void startsRunsAConnectorFromAPluginDirAndStops() {
        try (LocalStack stack = LocalStack.create("in-process")) {
            Path plugins = PluginDirs.connectFile(stack.newDir("plugins"));
            long t0 = System.nanoTime();
            ConnectCluster cluster = stack.register(InProcessConnectCluster.start("in-process", 1, List.of(plugins), Map.of()));
            System.out.printf("in-process cluster ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(cluster.restUrl().toString()).startsWith("http://");
            assertThat(cluster.rest().connectorPlugins()).contains("org.apache.kafka.connect.file.FileStreamSourceConnector");

            FileAppender app = new FileAppender(stack.newDir("in").resolve("in.log"));
            app.append(50);
            cluster.rest().createOrUpdate("src", Map.of("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                    "tasks.max", "1", "topic", "in-process-lines", "file", app.file().toString(),
                    "value.converter", "org.apache.kafka.connect.storage.StringConverter"));
            cluster.rest().awaitRunning("src", 1, Duration.ofSeconds(30));
            TopicVerifier.awaitCount(cluster.bootstrapServers(), "in-process-lines", 50, Duration.ofSeconds(30));
            TopicVerifier.Result r = new TopicVerifier(cluster.bootstrapServers(), "in-process-lines")
                    .verify(TopicVerifier.lastNumberInValue());
            assertThat(r.missing(1, 50)).isEmpty();
            assertThat(r.duplicates()).isZero();
            try (Topics topics = new Topics(cluster.bootstrapServers())) {
                assertThat(topics.list()).contains("in-process-lines");
            }
        }
    }
}
