/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.RetryPolicy;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.testing.RecordingTaskContext;
import io.tidemark.s3sink.testing.UnsignedS3Proxy;
import io.tidemark.stack.fault.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that ignores If-None-Match / If-Match (real s3proxy behind local-stack's fault proxy,
 * which strips those headers) makes the manifest fencing of zombie tasks void: validate() reports
 * it on s3.endpoint and a task does not start, unless s3.conditional.writes.unverified.accept=true.
 */
class ConditionalWritesCheckTest {

    private static final String BUCKET = "fencing";

    private static UnsignedS3Proxy s3;
    private static FaultProxy stripping;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startStore() throws Exception {
        s3 = UnsignedS3Proxy.start(Files.createTempDirectory("s3proxy-unsigned"));
        stripping = FaultProxy.http("s3-ignoring-conditions", s3.port()).stripConditionalHeaders(true);
        try (RemoteStore r = new RemoteStore(new S3Settings(
                BUCKET,
                "us-east-1",
                s3.endpoint(),
                true,
                "any",
                "any",
                S3Settings.SseType.NONE,
                null,
                S3Settings.MIN_PART_SIZE,
                S3Settings.MIN_PART_SIZE,
                ChecksumAlgorithm.CRC32C,
                new RetryPolicy(1, Duration.ZERO, Duration.ZERO),
                Duration.ofSeconds(30),
                2))) {
            r.client().createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stopStore() {
        if (stripping != null) {
            stripping.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void validateReportsAStoreThatIgnoresConditionalWritesOnTheEndpoint() {
        Config result = new S3CheckpointSinkConnector().validate(props(false));
        assertThat(errors(result, "s3.endpoint"))
                .singleElement()
                .asString()
                .contains("ignores If-None-Match/If-Match conditional writes")
                .contains("If-None-Match: * on an existing object succeeded")
                .contains("If-Match on a stale ETag")
                .contains("s3.conditional.writes.unverified.accept=true");
        assertThat(result.configValues())
                .filteredOn(v -> !v.name().equals("s3.endpoint"))
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    }

    @Test
    void validatePassesOnSuchAStoreWhenRunningWithoutFencingIsAccepted() {
        Config result = new S3CheckpointSinkConnector().validate(props(true));
        assertThat(result.configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    }

    @Test
    void theSameStoreWithTheConditionsIntactPassesValidate() {
        Map<String, String> direct = props(false);
        direct.put("s3.endpoint", s3.endpoint().toString());
        assertThat(new S3CheckpointSinkConnector().validate(direct).configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    }

    @Test
    void aTaskDoesNotStartOnAStoreThatIgnoresConditionalWrites() {
        S3CheckpointSinkTask task = new S3CheckpointSinkTask();
        task.initialize(new RecordingTaskContext(Set.of(new TopicPartition("orders", 0)), false));
        try {
            assertThatThrownBy(() -> task.start(props(false)))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("ignores If-None-Match/If-Match conditional writes")
                    .hasMessageContaining("s3.conditional.writes.unverified.accept=true");
        } finally {
            task.stop();
        }
    }

    @Test
    void aTaskStartsOnSuchAStoreWhenRunningWithoutFencingIsAccepted() {
        S3CheckpointSinkTask task = new S3CheckpointSinkTask();
        task.initialize(new RecordingTaskContext(Set.of(new TopicPartition("orders", 0)), false));
        try {
            task.start(props(true));
            task.open(List.of(new TopicPartition("orders", 0)));
        } finally {
            task.stop();
        }
    }

    private Map<String, String> props(boolean accept) {
        Map<String, String> m = new HashMap<>();
        m.put("name", "sink");
        m.put("connector.class", S3CheckpointSinkConnector.class.getName());
        m.put("topics", "orders");
        m.put("s3.bucket.name", BUCKET);
        m.put("s3.endpoint", stripping.httpUrl().toString());
        m.put("s3.path.style.access", "true");
        m.put("aws.access.key.id", "any");
        m.put("aws.secret.access.key", "any");
        m.put("s3.retry.max.attempts", "2");
        m.put("checkpoint.store.dir", tmp.resolve("state").toString());
        if (accept) {
            m.put("s3.conditional.writes.unverified.accept", "true");
        }
        return m;
    }

    private static List<String> errors(Config config, String name) {
        return config.configValues().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .map(ConfigValue::errorMessages)
                .orElseThrow();
    }
}
