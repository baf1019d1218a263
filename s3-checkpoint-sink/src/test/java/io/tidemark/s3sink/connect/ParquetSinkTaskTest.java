/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.scan.ColdScan;
import io.tidemark.s3sink.testing.DuckDbParquet;
import io.tidemark.s3sink.testing.RecordingTaskContext;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * format.type=parquet through the real task and its factory against s3proxy: the uploaded objects,
 * found through the manifest, are read back by DuckDB (an independent Parquet reader) and compared
 * with the records put, column by column; a value schema change in the middle of a chunk seals it.
 */
class ParquetSinkTaskTest {

    private static final TopicPartition TP = new TopicPartition("orders", 0);

    private static final Schema NESTED = SchemaBuilder.struct()
            .name("Nested")
            .field("a", Schema.INT8_SCHEMA)
            .field("b", Schema.FLOAT64_SCHEMA)
            .build();

    private static final Schema V1 = orderSchema(false);
    private static final Schema V2 = orderSchema(true);

    @TempDir
    Path tmp;

    private final List<S3CheckpointSinkTask> started = new ArrayList<>();

    @AfterEach
    void stopTasks() {
        started.forEach(S3CheckpointSinkTask::stop);
    }

    private static Schema orderSchema(boolean withExtra) {
        SchemaBuilder b = SchemaBuilder.struct()
                .name("Order")
                .field("id", Schema.INT64_SCHEMA)
                .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field(
                        "price",
                        Decimal.builder(2)
                                .parameter("connect.decimal.precision", "12")
                                .build())
                .field("day", Date.SCHEMA)
                .field("at", Timestamp.SCHEMA)
                .field("t", Time.SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .field(
                        "attrs",
                        SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT32_SCHEMA)
                                .build())
                .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("nested", NESTED)
                .field("flag", Schema.BOOLEAN_SCHEMA)
                .field("small", Schema.INT16_SCHEMA)
                .field("f", Schema.FLOAT32_SCHEMA);
        if (withExtra) {
            b.field("extra", Schema.OPTIONAL_STRING_SCHEMA);
        }
        return b.build();
    }

    private static SinkRecord order(long i, Schema schema) {
        Struct v = new Struct(schema)
                .put("id", i)
                .put("name", i % 7 == 0 ? null : "name-" + i)
                .put("price", BigDecimal.valueOf(i * 101 - 500, 2))
                .put("day", new java.util.Date((19_000 + i) * 86_400_000L))
                .put("at", new java.util.Date(1_700_000_000_000L + i))
                .put("t", new java.util.Date(i * 1000 + 7))
                .put("tags", i % 5 == 0 ? List.of() : List.of("a" + i, "b" + i))
                .put("attrs", attrs(i))
                .put("blob", i % 3 == 0 ? null : new byte[] {(byte) i, (byte) (i + 1)})
                .put("nested", new Struct(NESTED).put("a", (byte) (i % 100)).put("b", i / 2.0))
                .put("flag", i % 2 == 0)
                .put("small", (short) -i)
                .put("f", i / 4f);
        if (schema == V2) {
            v.put("extra", "extra-" + i);
        }
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("h", "hv" + i);
        return new SinkRecord(
                TP.topic(),
                TP.partition(),
                Schema.STRING_SCHEMA,
                "k" + i,
                schema,
                v,
                i,
                1_600_000_000_000L + i,
                TimestampType.CREATE_TIME,
                headers);
    }

    private static Map<String, Integer> attrs(long i) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("x", (int) i);
        m.put("y", i % 4 == 0 ? null : (int) -i);
        return m;
    }

    @Test
    void writesTypedParquetThatAnIndependentReaderReadsBackAndSealsOnASchemaChange(TestInfo info) throws Exception {
        Map<String, String> props = props(info);
        props.put("chunk.max.records", "50");
        props.put("chunk.rotate.schedule.interval.ms", "1000");
        S3CheckpointSinkTask task = start(props, new RecordingTaskContext(Set.of(TP), false));
        task.open(List.of(TP));
        List<SinkRecord> batch = new ArrayList<>();
        for (long i = 0; i < 160; i++) {
            batch.add(order(i, i < 70 ? V1 : V2));
        }
        task.put(batch.subList(0, 100));
        task.put(batch.subList(100, 160));
        await(() -> task.preCommit(Map.of()).equals(Map.of(TP, new OffsetAndMetadata(160))));

        List<ChunkEntryRecord> chunks = chunks(props);
        // 0-49 full, 50-69 sealed by the schema change at 70, 70-119 full, 120-159 by the wall clock
        assertThat(chunks)
                .extracting(c -> c.startOffset() + "-" + c.endOffset())
                .containsExactly("0-49", "50-69", "70-119", "120-159");
        assertThat(chunks).allSatisfy(c -> assertThat(c.key()).endsWith(".parquet"));

        try (DuckDbParquet duck = new DuckDbParquet();
                RemoteStore remote = remote(props)) {
            duck.execute("SET TimeZone='UTC'");
            for (ChunkEntryRecord c : chunks) {
                Path file = tmp.resolve("chunk-" + c.startOffset() + ".parquet");
                remote.download(c.key(), file);
                // the manifest's checksum is that of the Parquet object
                byte[] bytes = Files.readAllBytes(file);
                ChecksumAlgorithm.Hasher crc = ChecksumAlgorithm.CRC32C.newHasher();
                crc.update(bytes, 0, bytes.length);
                assertThat(ChecksumAlgorithm.toBase64(crc.digest())).isEqualTo(c.checksum());
                assertThat(Files.size(file)).isEqualTo(c.bytes());
                Map<String, String> columns = duck.columns(file);
                assertThat(columns.keySet())
                        .containsExactly(
                                "topic",
                                "partition",
                                "offset",
                                "timestamp",
                                "timestamp_type",
                                "key",
                                "value",
                                "headers");
                assertThat(columns.get("value").contains("extra VARCHAR"))
                        .as("value type of chunk %s: %s", c.key(), columns.get("value"))
                        .isEqualTo(c.startOffset() >= 70);
                List<Map<String, Object>> rows = duck.query(
                        "SELECT topic, \"partition\", \"offset\", epoch_ms(\"timestamp\") AS ts, timestamp_type,"
                                + " key, value.id AS id, value.name AS name, CAST(value.price AS VARCHAR) AS price,"
                                + " CAST(value.day AS VARCHAR) AS day, epoch_ms(value.at) AS at,"
                                + " CAST(CAST(value.t AS TIME) AS VARCHAR) AS t, array_to_string(value.tags, ',') AS tags,"
                                + " len(value.tags) AS ntags, value.attrs['x'] AS x, value.attrs['y'] AS y,"
                                + " hex(value.blob) AS blob, value.nested.a AS a, value.nested.b AS b,"
                                + " value.flag AS flag, value.small AS small, value.f AS f,"
                                + (c.startOffset() >= 70 ? " value.extra" : " NULL") + " AS extra,"
                                + " headers[1].key AS hk, headers[1].value AS hv, len(headers) AS nh"
                                + " FROM read_parquet(?) ORDER BY \"offset\"",
                        file);
                assertThat(rows).hasSize((int) c.recordCount());
                for (Map<String, Object> r : rows) {
                    long i = ((Number) r.get("offset")).longValue();
                    assertThat(r).as("row %d", i).isEqualTo(expected(i));
                }
            }
        }
    }

    private static Map<String, Object> expected(long i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", TP.topic());
        m.put("partition", TP.partition());
        m.put("offset", i);
        m.put("ts", 1_600_000_000_000L + i);
        m.put("timestamp_type", "CreateTime");
        m.put("key", "k" + i);
        m.put("id", i);
        m.put("name", i % 7 == 0 ? null : "name-" + i);
        m.put("price", BigDecimal.valueOf(i * 101 - 500, 2).toPlainString());
        m.put("day", java.time.LocalDate.ofEpochDay(19_000 + i).toString());
        m.put("at", 1_700_000_000_000L + i);
        m.put("t", java.time.LocalTime.ofNanoOfDay((i * 1000 + 7) * 1_000_000L).toString());
        m.put("tags", i % 5 == 0 ? "" : "a" + i + ",b" + i);
        m.put("ntags", i % 5 == 0 ? 0L : 2L);
        m.put("x", (int) i);
        m.put("y", i % 4 == 0 ? null : (int) -i);
        m.put("blob", i % 3 == 0 ? null : String.format("%02X%02X", (byte) i, (byte) (i + 1)));
        m.put("a", (byte) (i % 100));
        m.put("b", i / 2.0);
        m.put("flag", i % 2 == 0);
        m.put("small", (short) -i);
        m.put("f", i / 4f);
        m.put("extra", i >= 70 ? "extra-" + i : null);
        m.put("hk", "h");
        m.put("hv", "\"hv" + i + "\"");
        m.put("nh", 1L);
        return m;
    }

    @Test
    void aValueWithoutSchemaFailsTheTaskNamingTheRecordAndTheSetting(TestInfo info) {
        Map<String, String> props = props(info);
        S3CheckpointSinkTask task = start(props, new RecordingTaskContext(Set.of(TP), false));
        task.open(List.of(TP));
        List<SinkRecord> batch =
                List.of(order(0, V1), new SinkRecord(TP.topic(), TP.partition(), null, "k1", null, Map.of("a", 1), 1));
        assertThatThrownBy(() -> task.put(batch))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("record orders/0/1 (topic/partition/offset) cannot be written")
                .hasMessageContaining("has no schema")
                .hasMessageContaining("parquet.schemaless=json");
    }

    @Test
    void withSchemalessJsonAValueWithoutSchemaIsWrittenAsItsJsonText(TestInfo info) throws Exception {
        Map<String, String> props = props(info);
        props.put("parquet.schemaless", "json");
        props.put("chunk.max.records", "3");
        S3CheckpointSinkTask task = start(props, new RecordingTaskContext(Set.of(TP), false));
        task.open(List.of(TP));
        task.put(List.of(
                new SinkRecord(TP.topic(), TP.partition(), null, Map.of("id", 0), null, Map.of("a", 1), 0),
                new SinkRecord(TP.topic(), TP.partition(), null, null, null, List.of(1, "x"), 1),
                new SinkRecord(TP.topic(), TP.partition(), null, "k2", null, null, 2)));
        await(() -> task.preCommit(Map.of()).equals(Map.of(TP, new OffsetAndMetadata(3))));

        List<ChunkEntryRecord> chunks = chunks(props);
        assertThat(chunks).hasSize(1);
        try (DuckDbParquet duck = new DuckDbParquet();
                RemoteStore remote = remote(props)) {
            Path file = tmp.resolve("schemaless.parquet");
            remote.download(chunks.get(0).key(), file);
            assertThat(duck.columns(file)).containsEntry("key", "VARCHAR").containsEntry("value", "VARCHAR");
            assertThat(duck.query("SELECT key, value FROM read_parquet(?) ORDER BY \"offset\"", file))
                    .containsExactly(
                            row("key", "{\"id\":0}", "value", "{\"a\":1}"),
                            row("key", null, "value", "[1,\"x\"]"),
                            row("key", "\"k2\"", "value", null));
        }
    }

    private static Map<String, Object> row(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private List<ChunkEntryRecord> chunks(Map<String, String> props) {
        S3CheckpointSinkConfig config = new S3CheckpointSinkConfig(props);
        try (RemoteStore remote = remote(props)) {
            return new ColdScan(remote, config.layout(), RemoteReadLimiter.unlimited())
                    .chunks(new TopicPartitionId(TP.topic(), TP.partition()));
        }
    }

    private static RemoteStore remote(Map<String, String> props) {
        return new RemoteStore(new S3CheckpointSinkConfig(props).s3Settings());
    }

    private S3CheckpointSinkTask start(Map<String, String> props, RecordingTaskContext context) {
        S3CheckpointSinkTask task = new S3CheckpointSinkTask();
        task.initialize(context);
        task.start(props);
        started.add(task);
        return task;
    }

    private Map<String, String> props(TestInfo info) {
        Map<String, String> m = SinkTaskProps.forTest("pq", info, TP.topic());
        m.put("checkpoint.store.dir", tmp.resolve("state").toString());
        m.put("format.type", "parquet");
        m.put("format.compression", "zstd");
        return m;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
