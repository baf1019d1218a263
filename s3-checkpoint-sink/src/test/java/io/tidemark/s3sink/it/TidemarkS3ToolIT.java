/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.connect.S3CheckpointSinkTask;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.WriteCondition;
import io.tidemark.s3sink.scan.ColdScan;
import io.tidemark.s3sink.testing.RecordingTaskContext;
import io.tidemark.s3sink.testing.S3ProxyServer;
import io.tidemark.stack.connect.PluginDirs;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code bin/tidemark-s3} of the packaged plugin (target/plugin), run as a process
 * against s3proxy over chunks the real sink task wrote: list, verify (sound, then with a damaged
 * chunk, a deleted chunk and an unlisted object) and export, with --json.
 */
class TidemarkS3ToolIT {

    private static final TopicPartition TP = new TopicPartition("payments", 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void listsVerifiesAndExportsWhatTheSinkWroteAndReportsDamage() throws Exception {
        S3ProxyServer s3 = S3ProxyServer.shared();
        String bucket = "tool-it";
        s3.createBucket(bucket);
        List<SinkRecord> written = writeThroughSink(s3, bucket, 500);
        Path config = tmp.resolve("s3.properties");
        Files.writeString(
                config,
                "s3.bucket.name=" + bucket + "\ns3.prefix=backup\ns3.endpoint=" + s3.endpoint()
                        + "\ns3.path.style.access=true\naws.access.key.id=" + s3.accessKey()
                        + "\naws.secret.access.key=" + s3.secretKey() + "\n");

        Result list = run("list", "--config", config.toString(), "--json");
        assertThat(list.exit).as(list.err).isZero();
        JsonNode row = JSON.readTree(list.out).get("partitions").get(0);
        assertThat(row.get("topic").asText()).isEqualTo("payments");
        assertThat(row.get("partition").asInt()).isEqualTo(1);
        assertThat(row.get("firstOffset").asLong()).isZero();
        assertThat(row.get("lastOffset").asLong()).isEqualTo(499);
        assertThat(row.get("chunks").asInt()).isEqualTo(5);
        assertThat(row.get("records").asLong()).isEqualTo(500);

        Result sound = run("verify", "--config", config.toString(), "--json");
        assertThat(sound.exit).as(sound.out + sound.err).isZero();
        assertThat(JSON.readTree(sound.out).get("sound").asBoolean()).isTrue();

        Path exported = tmp.resolve("export.jsonl");
        Result export = run(
                "export",
                "--config",
                config.toString(),
                "--topic",
                "payments",
                "--partition",
                "1",
                "--from",
                "100",
                "--to",
                "250",
                "--output",
                exported.toString(),
                "--json");
        assertThat(export.exit).as(export.err).isZero();
        List<String> lines = Files.readAllLines(exported);
        assertThat(lines).hasSize(150);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode r = JSON.readTree(lines.get(i));
            SinkRecord w = written.get(100 + i);
            assertThat(r.get("offset").asLong()).isEqualTo(100 + i);
            assertThat(Base64.getDecoder().decode(r.get("valueBase64").asText()))
                    .isEqualTo((byte[]) w.value());
            assertThat(Base64.getDecoder().decode(r.get("keyBase64").asText())).isEqualTo((byte[]) w.key());
            assertThat(r.get("headers").get(0).get("key").asText()).isEqualTo("h");
        }
        assertThat(JSON.readTree(export.err.strip()).get("records").asLong()).isEqualTo(150);

        // damage: chunk 1 changed, chunk 3 deleted, an object no manifest lists
        try (RemoteStore remote = new RemoteStore(s3.settings(bucket, ChecksumAlgorithm.CRC32C))) {
            ObjectLayout layout = new ObjectLayout("backup", ObjectLayout.DEFAULT_TEMPLATE, "");
            List<ChunkEntryRecord> chunks = new ColdScan(remote, layout, RemoteReadLimiter.unlimited())
                    .chunks(new TopicPartitionId(TP.topic(), TP.partition()));
            remote.putBytes(chunks.get(1).key(), "not the chunk".getBytes(StandardCharsets.UTF_8), WriteCondition.NONE);
            remote.delete(chunks.get(3).key());
            remote.putBytes(
                    layout.partitionPrefix(new TopicPartitionId(TP.topic(), TP.partition())) + "stray.jsonl.gz",
                    new byte[] {1, 2, 3},
                    WriteCondition.NONE);
        }
        Result damaged = run("verify", "--config", config.toString(), "--json");
        assertThat(damaged.exit).as(damaged.err).isEqualTo(1);
        JsonNode p = JSON.readTree(damaged.out).get("partitions").get(0);
        assertThat(p.get("checksumMismatches").asLong()).isEqualTo(1);
        assertThat(p.get("lost").asLong()).isEqualTo(1);
        assertThat(p.get("unlisted").asLong()).isEqualTo(1);
        assertThat(p.get("gaps").asLong()).isEqualTo(200);
        Result text = run("verify", "--config", config.toString());
        assertThat(text.exit).isEqualTo(1);
        assertThat(text.out)
                .contains("PROBLEMS")
                .contains("stray.jsonl.gz")
                .contains("is listed but not in the bucket");

        Result corrupt = run(
                "export",
                "--config",
                config.toString(),
                "--topic",
                "payments",
                "--partition",
                "1",
                "--output",
                tmp.resolve("x.jsonl").toString());
        assertThat(corrupt.exit).isEqualTo(4);
        assertThat(corrupt.err).contains("manifest entry says");

        Result usage = run("export", "--config", config.toString());
        assertThat(usage.exit).isEqualTo(2);
        assertThat(usage.err).contains("export needs exactly one --topic and one --partition");
    }

    private List<SinkRecord> writeThroughSink(S3ProxyServer s3, String bucket, int n) throws Exception {
        Map<String, String> m = new HashMap<>();
        m.put("name", "sink");
        m.put("topics", TP.topic());
        m.put("s3.bucket.name", bucket);
        m.put("s3.prefix", "backup");
        m.put("s3.endpoint", s3.endpoint().toString());
        m.put("s3.path.style.access", "true");
        m.put("aws.access.key.id", s3.accessKey());
        m.put("aws.secret.access.key", s3.secretKey());
        m.put("checkpoint.store.dir", tmp.resolve("sink-state").toString());
        m.put("chunk.max.records", "100");
        Random random = new Random(5);
        List<SinkRecord> records = new ArrayList<>();
        for (int o = 0; o < n; o++) {
            byte[] key = new byte[8];
            byte[] value = new byte[50];
            random.nextBytes(key);
            random.nextBytes(value);
            ConnectHeaders h = new ConnectHeaders();
            h.addBytes("h", new byte[] {(byte) o});
            records.add(new SinkRecord(
                    TP.topic(),
                    TP.partition(),
                    Schema.BYTES_SCHEMA,
                    key,
                    Schema.BYTES_SCHEMA,
                    value,
                    o,
                    1_700_000_000_000L + o,
                    TimestampType.CREATE_TIME,
                    h));
        }
        S3CheckpointSinkTask task = new S3CheckpointSinkTask();
        task.initialize(new RecordingTaskContext(Set.of(TP), false));
        task.start(m);
        try {
            task.open(List.of(TP));
            task.put(records);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!task.preCommit(Map.of(TP, new OffsetAndMetadata(n))).equals(Map.of(TP, new OffsetAndMetadata(n)))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the sink did not list every record within 30 s");
                }
                Thread.sleep(50);
            }
        } finally {
            task.stop();
        }
        return records;
    }

    record Result(int exit, String out, String err) {}

    private Result run(String... args) throws Exception {
        Path pluginPath = PluginDirs.modulePluginPath(Path.of("").toAbsolutePath());
        Path script;
        try (var dirs = Files.list(pluginPath)) {
            script = dirs.map(d -> d.resolve("bin/tidemark-s3"))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError("no bin/tidemark-s3 in the packaged plugin under " + pluginPath));
        }
        assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("KAFKA_HOME");
        pb.environment().remove("CONFLUENT_HOME");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment()
                .put(
                        "TIDEMARK_SLF4J_JAR",
                        Path.of(org.slf4j.LoggerFactory.class
                                        .getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation()
                                        .toURI())
                                .toString());
        File out = Files.createTempFile(tmp, "out", ".txt").toFile();
        File err = Files.createTempFile(tmp, "err", ".txt").toFile();
        Process p = pb.redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tidemark-s3 " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(
                p.exitValue(),
                Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }
}
