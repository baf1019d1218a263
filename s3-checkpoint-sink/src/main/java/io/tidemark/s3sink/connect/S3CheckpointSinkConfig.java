/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.connect.config.CheckpointStoreFragment;
import io.tidemark.connect.config.CrossFieldChecked;
import io.tidemark.connect.config.Escapes;
import io.tidemark.connect.config.Problems;
import io.tidemark.connect.config.SettingAliases;
import io.tidemark.connect.config.TaskFragment;
import io.tidemark.connect.config.validators.EnumRecommender;
import io.tidemark.connect.config.validators.OptionalHttpUrl;
import io.tidemark.connect.config.validators.ParsedBy;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.format.NullValuePolicy;
import io.tidemark.s3sink.format.ParquetRecordFormat;
import io.tidemark.s3sink.format.RawValueFormat;
import io.tidemark.s3sink.format.RecordFormat;
import io.tidemark.s3sink.manifest.KeyTemplate;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RetryPolicy;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.rotation.RotationPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every setting of the S3 checkpoint sink, with typed getters. README.md lists them all. */
public final class S3CheckpointSinkConfig extends AbstractConfig implements CrossFieldChecked {

    // ------------------------------------------------------------------ S3
    public static final String S3_GROUP = "S3";

    public static final String BUCKET_CONFIG = "s3.bucket.name";
    public static final String BUCKET_DOC = "Bucket the chunks and manifests are written to. Must exist.";

    public static final String PREFIX_CONFIG = "s3.prefix";
    public static final String PREFIX_DOC = "Key prefix for every object this connector writes (chunks under"
            + " <prefix>/<key template>, manifests under <prefix>/_manifests/). Give each connector its own prefix.";
    public static final String PREFIX_DEFAULT = "";

    public static final String REGION_CONFIG = "s3.region";
    public static final String REGION_DOC =
            "AWS region of the bucket (any value for S3-compatible stores that ignore it).";
    public static final String REGION_DEFAULT = "us-east-1";

    public static final String ENDPOINT_CONFIG = "s3.endpoint";
    public static final String ENDPOINT_DOC = "Endpoint override for S3-compatible stores (for example"
            + " http://127.0.0.1:9000). Empty: AWS's endpoint for the region.";
    public static final String ENDPOINT_DEFAULT = "";

    public static final String PATH_STYLE_CONFIG = "s3.path.style.access";
    public static final String PATH_STYLE_DOC = "Address the bucket in the path (http://host/bucket/key) instead of"
            + " the host name; most S3-compatible stores need this.";

    /** The authentication settings are in {@link AwsAuthFragment}'s group. */
    public static final String ACCESS_KEY_CONFIG = AwsAuthFragment.ACCESS_KEY_CONFIG;

    public static final String SECRET_KEY_CONFIG = AwsAuthFragment.SECRET_KEY_CONFIG;

    public static final String SSE_TYPE_CONFIG = "s3.sse.type";
    public static final String SSE_TYPE_DOC = "Server-side encryption of chunks and manifests: none, AES256"
            + " (SSE-S3) or aws:kms (SSE-KMS, with s3.sse.kms.key.id or the account's default key).";

    public static final String SSE_KMS_KEY_CONFIG = "s3.sse.kms.key.id";
    public static final String SSE_KMS_KEY_DOC =
            "KMS key id or ARN for s3.sse.type=aws:kms; empty: the default" + " aws/s3 key.";

    public static final String PART_SIZE_CONFIG = "s3.part.size.bytes";
    public static final String PART_SIZE_DOC = "Size of each multipart upload part (at least 5 MiB). Parts are"
            + " streamed from the staged file, not buffered in heap.";
    public static final long PART_SIZE_DEFAULT = 16L * 1024 * 1024;

    public static final String MULTIPART_THRESHOLD_CONFIG = "s3.multipart.threshold.bytes";
    public static final String MULTIPART_THRESHOLD_DOC = "Chunks larger than this (and larger than one part) are"
            + " uploaded in parts; smaller ones with a single PUT.";
    public static final long MULTIPART_THRESHOLD_DEFAULT = 32L * 1024 * 1024;

    public static final String CHECKSUM_CONFIG = "s3.checksum.algorithm";
    public static final String CHECKSUM_DOC = "Checksum of every object and part, computed locally, verified"
            + " against the staged file before upload, sent to S3 (which rejects a mismatch) and recorded in"
            + " the manifest: CRC32C (fast) or SHA256.";

    public static final String RETRY_ATTEMPTS_CONFIG = "s3.retry.max.attempts";
    public static final String RETRY_ATTEMPTS_DOC = "Attempts per S3 call on transient errors (5xx, 429/SlowDown,"
            + " timeouts, connection resets) before the chunk is given up and its records are consumed again.";

    public static final String RETRY_BACKOFF_CONFIG = "s3.retry.backoff.ms";
    public static final String RETRY_BACKOFF_DOC = "Base of the exponential backoff between attempts (full jitter).";

    public static final String RETRY_BACKOFF_MAX_CONFIG = "s3.retry.backoff.max.ms";
    public static final String RETRY_BACKOFF_MAX_DOC = "Upper bound of one backoff wait.";

    public static final String API_TIMEOUT_CONFIG = "s3.api.call.timeout.ms";
    public static final String API_TIMEOUT_DOC = "Timeout of one attempt of an S3 call (and the socket read timeout).";

    public static final String UPLOAD_THREADS_CONFIG = "s3.upload.threads";
    public static final String UPLOAD_THREADS_DOC = "Threads per task that compress, verify, upload and list sealed"
            + " chunks; the chunks of one partition are always written in order.";

    public static final String KEY_TEMPLATE_CONFIG = "s3.key.template";
    public static final String KEY_TEMPLATE_DOC = "Object key of a chunk below the prefix, from ${topic}, ${partition},"
            + " ${start} and ${end} (first/last offset, zero-padded to 20 digits); all four are required, topic and"
            + " partition before the offsets. The format's extension (.jsonl, .bin, + .gz/.zst) is appended."
            + " Record variables partition the keys into paths (see the Partitioning settings): record time"
            + " ${yyyy} ${MM} ${dd} ${HH} ${mm} or ${time:<java.time pattern>}, a value field ${field:a.b}, a"
            + " header ${header:name}; they must come before ${start}, for example"
            + " ${topic}/dt=${yyyy}-${MM}-${dd}/hour=${HH}/${topic}+${partition}+${start}+${end}. Values are"
            + " escaped (%XX for '/', '=', spaces, control characters, ...). A chunk holds the records of one path:"
            + " a record whose path differs from the open chunk's seals it.";

    public static final String ORPHAN_SWEEP_CONFIG = "s3.orphan.sweep.enabled";
    public static final String ORPHAN_SWEEP_DOC = "On open, list the partition's keys after its last listed chunk and"
            + " delete objects no manifest lists (uploads of crashed or fenced writers).";

    public static final String CONDITIONAL_WRITES_UNVERIFIED_ACCEPT_CONFIG = "s3.conditional.writes.unverified.accept";
    public static final String CONDITIONAL_WRITES_UNVERIFIED_ACCEPT_DOC = "validate() and every task start probe"
            + " the store with one object under <prefix>/_tidemark/: a second PUT with If-None-Match: * and a PUT"
            + " with If-Match on a stale ETag must both fail (412), because the manifest fencing of zombie tasks rests"
            + " on them. false: a store that ignores them is an error on s3.endpoint and a task does not start."
            + " true: accept such a store and run WITHOUT zombie fencing (a frozen task that resumes after its"
            + " partitions moved can overwrite the new owner's manifests, so records can be duplicated or dropped"
            + " from them); validate() and each task start then log a WARN instead.";
    public static final boolean CONDITIONAL_WRITES_UNVERIFIED_ACCEPT_DEFAULT = false;

    // ------------------------------------------------------------------ partitioning
    public static final String PARTITIONING_GROUP = "Partitioning";

    public static final String TIMEZONE_CONFIG = "timezone";
    public static final String TIMEZONE_DOC = "Time zone of the record-time variables of s3.key.template (${yyyy},"
            + " ${MM}, ${dd}, ${HH}, ${mm}, ${time:...}): a region id such as Asia/Kolkata (daylight saving time"
            + " included) or an offset such as +05:30.";
    public static final String TIMEZONE_DEFAULT = "UTC";

    public static final String TIMESTAMP_EXTRACTOR_CONFIG = "timestamp.extractor";
    public static final String TIMESTAMP_EXTRACTOR_DOC = "Where the record time of s3.key.template comes from:"
            + " Record (the Kafka record's timestamp), RecordField (the value field timestamp.field names) or"
            + " Header (the header timestamp.field names). A field or header holds epoch milliseconds, a Connect"
            + " Timestamp or an ISO-8601 time with an offset. A record without one goes to the dead letter queue"
            + " when one is configured, else it fails the task.";
    public static final String TIMESTAMP_EXTRACTOR_DEFAULT = "Record";

    public static final String TIMESTAMP_FIELD_CONFIG = "timestamp.field";
    public static final String TIMESTAMP_FIELD_DOC = "With timestamp.extractor=RecordField: the dotted path of the"
            + " value field (for example meta.created_at); with Header: the header name.";

    // ------------------------------------------------------------------ chunks
    public static final String CHUNK_GROUP = "Chunks";

    public static final String MAX_RECORDS_CONFIG = "chunk.max.records";
    public static final String MAX_RECORDS_DOC = "Seal a chunk once it holds this many records (0: no limit).";

    public static final String MAX_BYTES_CONFIG = "chunk.max.bytes";
    public static final String MAX_BYTES_DOC =
            "Seal a chunk once its encoded, uncompressed records reach this many" + " bytes (0: no limit).";

    public static final String ROTATE_INTERVAL_CONFIG = "chunk.rotate.interval.ms";
    public static final String ROTATE_INTERVAL_DOC = "Record-time rotation: seal before a record whose timestamp is"
            + " outside the chunk's window (windows aligned to multiples of this interval). Deterministic across"
            + " replays. 0: off.";

    public static final String ROTATE_SCHEDULE_CONFIG = "chunk.rotate.schedule.interval.ms";
    public static final String ROTATE_SCHEDULE_DOC = "Wall-clock rotation: seal a chunk open this long. Breaks the"
            + " determinism of chunk boundaries across replays; exactly-once then rests on the manifest (unlisted"
            + " uploads are deleted, the task resumes from the manifest). 0: off.";

    // ------------------------------------------------------------------ format
    public static final String FORMAT_GROUP = "Format";

    public static final String FORMAT_CONFIG = "format.type";
    public static final String FORMAT_DOC = "json: one JSON envelope per line (topic, partition, offset, timestamp,"
            + " key, value, headers; binary data as base64), enough to replay exactly. raw: the value bytes"
            + " (bytes or strings only) followed by format.raw.separator. parquet: one Parquet file per chunk,"
            + " columns topic, partition, offset, timestamp, timestamp_type, key, value (typed from the Connect"
            + " schemas) and headers; a record whose key or value schema differs from the open chunk's seals it"
            + " first. Records are staged on disk and each chunk becomes Parquet when it is sealed.";

    public static final String PARQUET_SCHEMALESS_CONFIG = "parquet.schemaless";
    public static final String PARQUET_SCHEMALESS_DOC = "With format.type=parquet, a record whose value has no"
            + " Connect schema (for example JsonConverter with schemas.enable=false): fail (the record cannot be"
            + " written: it goes to the dead letter queue with errors.tolerance=all and a DLQ topic, else the task"
            + " fails naming its topic/partition/offset) or json (the value column is a string with the value's"
            + " JSON text). A key without a schema is always written as JSON text.";

    public static final String PARQUET_ROW_GROUP_BYTES_CONFIG = "parquet.row.group.bytes";
    public static final String PARQUET_ROW_GROUP_BYTES_DOC = "With format.type=parquet, the target size of a row"
            + " group, which the Parquet writer buffers in heap while it turns a sealed chunk into a file: heap for"
            + " Parquet is about s3.upload.threads x this, whatever the number of partitions (open chunks are"
            + " staged on disk).";
    public static final long PARQUET_ROW_GROUP_BYTES_DEFAULT = 8L * 1024 * 1024;

    public static final String RAW_SEPARATOR_CONFIG = "format.raw.separator";
    public static final String RAW_SEPARATOR_DOC = "Bytes written after each value with format.type=raw (UTF-8),"
            + " with the escapes " + Escapes.SUPPORTED + " (Connect trims settings, so a newline or a space"
            + " must be written escaped). Empty: values are written back to back.";

    public static final String COMPRESSION_CONFIG = "format.compression";
    public static final String COMPRESSION_DOC = "Compression of chunks: none, gzip or zstd. Chunks are staged"
            + " uncompressed and compressed when sealed. With format.type=parquet this is Parquet's page"
            + " compression inside the file (the key ends with .parquet).";

    public static final String COMPRESSION_LEVEL_CONFIG = "format.compression.level";
    public static final String COMPRESSION_LEVEL_DOC =
            "Compression level (gzip 1-9, zstd 1-22); -1: the codec's default.";

    // ------------------------------------------------------------------ null values
    public static final String NULL_VALUES_GROUP = "Null values (tombstones)";

    public static final String NULL_VALUES_CONFIG = "behavior.on.null.values";
    public static final String NULL_VALUES_DOC = "What to do with a record whose value is null (a tombstone of a"
            + " compacted topic), the same for every format. write: write it (format.type=json keeps \"value\": null"
            + " in the envelope; format.type=parquet a null value cell; format.type=raw writes an empty value, which a reader cannot tell from an empty"
            + " string). ignore: consume it without writing it; its offset is committed with the records around it,"
            + " it is counted in the metric null-values-ignored-total and logged at DEBUG (a WARN for the first one"
            + " of a task). fail: the record cannot be written: the task fails naming it, or, with a dead letter"
            + " queue (errors.tolerance=all), it goes there. Empty (default): write with format.type=json"
            + " and parquet, fail with format.type=raw.";
    public static final String NULL_VALUES_DEFAULT = "";

    // ------------------------------------------------------------------ staging
    public static final String STAGE_GROUP = "Local staging";

    public static final String STAGE_DIR_CONFIG = "stage.dir";
    public static final String STAGE_DIR_DOC = "Scratch directory for chunk files. Empty: <checkpoint.store.dir>/"
            + "<connector>/scratch, or with an empty checkpoint.store.dir the task's temporary directory. Each task"
            + " uses its own subdirectory.";

    public static final String STAGE_QUOTA_CONFIG = "stage.quota.bytes";
    public static final String STAGE_QUOTA_DOC = "Byte quota of a task's scratch directory. When reached, the task"
            + " pauses its partitions (backpressure; nothing is dropped) and seals the largest open chunks; it"
            + " resumes below 80%. Soft by at most one poll batch.";

    public static final String STAGE_BUFFER_CONFIG = "stage.buffer.bytes";
    public static final String STAGE_BUFFER_DOC = "Write buffer of each open chunk, the only per-partition heap"
            + " buffer (1,000 partitions x 16 KiB = 16 MiB).";

    public static final String JANITOR_INTERVAL_CONFIG = "stage.janitor.interval.ms";
    public static final String JANITOR_INTERVAL_DOC = "How often the scratch janitor removes files of finished or"
            + " abandoned chunks (it also runs at task start).";

    public static final String CLOSE_TIMEOUT_CONFIG = "task.close.timeout.ms";
    public static final String CLOSE_TIMEOUT_DOC = "When partitions are closed (rebalance, stop), their open chunks"
            + " are sealed and uploaded; this bounds the wait. Unfinished work is abandoned and cleaned up by the"
            + " next owner.";

    // ------------------------------------------------------------------ manifest
    public static final String MANIFEST_GROUP = "Manifest";

    public static final String CHANGE_LOG_RETAIN_CONFIG = "manifest.change.log.retain";
    public static final String CHANGE_LOG_RETAIN_DOC = "change_log entries kept per partition in the local store;"
            + " older ones are truncated (TruncateAppendOnly).";

    public static final String SEGMENT_MAX_ENTRIES_CONFIG = "manifest.segment.max.entries";
    public static final int SEGMENT_MAX_ENTRIES_DEFAULT = 1000;
    public static final String SEGMENT_MAX_ENTRIES_DOC = "Chunk entries the S3 manifest head of a partition lists"
            + " itself (about 300 bytes each). Once it would list more, all but the newest entry move into an"
            + " immutable manifest segment object (<prefix>/_manifests/<topic>/<partition>/segment-<first>-<last>.json,"
            + " written once) that the head refers to, so the head and each manifest write stay small (they grow"
            + " only by one reference of about 200 bytes per segment) and the local chunk_catalog stays bounded.";

    /** The sink's doc of checkpoint.store.dir, which it may leave empty (its local store only saves S3 reads). */
    public static final String STORE_DIR_DOC = "Directory on local, durable disk where this connector keeps its"
            + " LMDB store (a cache of the S3 manifests: chunk_catalog, change_log, pending uploads) and, unless"
            + " stage.dir is set, its scratch files. Each connector gets a subdirectory named after it. Must be"
            + " writable by the Connect worker and must not be shared between machines. Empty: each task keeps them"
            + " in a directory of its own under the JVM's temporary directory (java.io.tmpdir), deleted when the"
            + " task stops (directories of crashed processes are deleted by the next task start on the host)."
            + " Nothing is lost or duplicated in S3 without a durable directory (the manifests in S3 are the truth)."
            + " What it costs: every task start reads each partition's manifest head (and its segments when"
            + " needed) from S3, and records staged but not yet uploaded when a task stopped or its worker died"
            + " are consumed again from Kafka.";

    private static final Logger LOG = LoggerFactory.getLogger(S3CheckpointSinkConfig.class);

    private static final String CONFLUENT = "Confluent's S3 sink";

    /**
     * Confluent S3 sink names of settings that mean exactly the same here. Not aliased, because they do
     * not: rotate.interval.ms (Confluent measures from a file's first record; chunk.rotate.interval.ms
     * aligns windows to multiples of the interval, which keeps replays deterministic) and
     * rotate.schedule.interval.ms (Confluent aligns to the clock; chunk.rotate.schedule.interval.ms
     * counts from the chunk's opening).
     */
    public static final SettingAliases ALIASES = new SettingAliases(
            new SettingAliases.Alias("flush.size", MAX_RECORDS_CONFIG, CONFLUENT),
            new SettingAliases.Alias("s3.part.size", PART_SIZE_CONFIG, CONFLUENT),
            new SettingAliases.Alias("topics.dir", PREFIX_CONFIG, CONFLUENT),
            new SettingAliases.Alias("store.url", ENDPOINT_CONFIG, CONFLUENT));

    public static final ConfigDef CONFIG_DEF = buildConfigDef();

    private static ConfigDef buildConfigDef() {
        ConfigDef d = new ConfigDef();
        int o = 0;
        d.define(
                BUCKET_CONFIG,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new ConfigDef.NonEmptyString(),
                Importance.HIGH,
                BUCKET_DOC,
                S3_GROUP,
                ++o,
                Width.MEDIUM,
                "Bucket");
        d.define(
                PREFIX_CONFIG,
                Type.STRING,
                PREFIX_DEFAULT,
                Importance.MEDIUM,
                PREFIX_DOC,
                S3_GROUP,
                ++o,
                Width.MEDIUM,
                "Prefix");
        d.define(
                REGION_CONFIG,
                Type.STRING,
                REGION_DEFAULT,
                new ConfigDef.NonEmptyString(),
                Importance.MEDIUM,
                REGION_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Region");
        d.define(
                ENDPOINT_CONFIG,
                Type.STRING,
                ENDPOINT_DEFAULT,
                new OptionalHttpUrl(),
                Importance.MEDIUM,
                ENDPOINT_DOC,
                S3_GROUP,
                ++o,
                Width.LONG,
                "Endpoint override");
        d.define(
                PATH_STYLE_CONFIG,
                Type.BOOLEAN,
                false,
                Importance.LOW,
                PATH_STYLE_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Path-style access");
        d.define(
                SSE_TYPE_CONFIG,
                Type.STRING,
                "none",
                ConfigDef.CaseInsensitiveValidString.in("none", "AES256", "aws:kms"),
                Importance.LOW,
                SSE_TYPE_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Server-side encryption",
                new EnumRecommender("none", "AES256", "aws:kms"));
        d.define(
                SSE_KMS_KEY_CONFIG,
                Type.STRING,
                "",
                Importance.LOW,
                SSE_KMS_KEY_DOC,
                S3_GROUP,
                ++o,
                Width.LONG,
                "KMS key id");
        d.define(
                PART_SIZE_CONFIG,
                Type.LONG,
                PART_SIZE_DEFAULT,
                ConfigDef.Range.between(S3Settings.MIN_PART_SIZE, 5L * 1024 * 1024 * 1024),
                Importance.LOW,
                PART_SIZE_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Part size");
        d.define(
                MULTIPART_THRESHOLD_CONFIG,
                Type.LONG,
                MULTIPART_THRESHOLD_DEFAULT,
                ConfigDef.Range.atLeast(S3Settings.MIN_PART_SIZE),
                Importance.LOW,
                MULTIPART_THRESHOLD_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Multipart threshold");
        d.define(
                CHECKSUM_CONFIG,
                Type.STRING,
                "CRC32C",
                ConfigDef.CaseInsensitiveValidString.in("CRC32C", "SHA256"),
                Importance.LOW,
                CHECKSUM_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Checksum",
                new EnumRecommender("CRC32C", "SHA256"));
        d.define(
                RETRY_ATTEMPTS_CONFIG,
                Type.INT,
                8,
                ConfigDef.Range.between(1, 100),
                Importance.LOW,
                RETRY_ATTEMPTS_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Retry attempts");
        d.define(
                RETRY_BACKOFF_CONFIG,
                Type.LONG,
                200L,
                ConfigDef.Range.between(0, 600_000),
                Importance.LOW,
                RETRY_BACKOFF_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Retry backoff (ms)");
        d.define(
                RETRY_BACKOFF_MAX_CONFIG,
                Type.LONG,
                10_000L,
                ConfigDef.Range.between(0, 3_600_000),
                Importance.LOW,
                RETRY_BACKOFF_MAX_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Max retry backoff (ms)");
        d.define(
                API_TIMEOUT_CONFIG,
                Type.LONG,
                60_000L,
                ConfigDef.Range.between(1_000, 3_600_000),
                Importance.LOW,
                API_TIMEOUT_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Call timeout (ms)");
        d.define(
                UPLOAD_THREADS_CONFIG,
                Type.INT,
                4,
                ConfigDef.Range.between(1, 64),
                Importance.LOW,
                UPLOAD_THREADS_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Upload threads");
        d.define(
                KEY_TEMPLATE_CONFIG,
                Type.STRING,
                ObjectLayout.DEFAULT_TEMPLATE,
                ParsedBy.string(
                        ObjectLayout::validate,
                        "a template with ${topic}, ${partition}, ${start}, ${end} and optional record variables"),
                Importance.LOW,
                KEY_TEMPLATE_DOC,
                S3_GROUP,
                ++o,
                Width.LONG,
                "Key template");
        d.define(
                ORPHAN_SWEEP_CONFIG,
                Type.BOOLEAN,
                true,
                Importance.LOW,
                ORPHAN_SWEEP_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Orphan sweep");
        d.define(
                CONDITIONAL_WRITES_UNVERIFIED_ACCEPT_CONFIG,
                Type.BOOLEAN,
                CONDITIONAL_WRITES_UNVERIFIED_ACCEPT_DEFAULT,
                Importance.LOW,
                CONDITIONAL_WRITES_UNVERIFIED_ACCEPT_DOC,
                S3_GROUP,
                ++o,
                Width.SHORT,
                "Accept a store without conditional writes");

        o = 0;
        d.define(
                TIMEZONE_CONFIG,
                Type.STRING,
                TIMEZONE_DEFAULT,
                ParsedBy.string(S3CheckpointSinkConfig::zoneId, "a time zone id such as UTC, Asia/Kolkata or +05:30"),
                Importance.MEDIUM,
                TIMEZONE_DOC,
                PARTITIONING_GROUP,
                ++o,
                Width.MEDIUM,
                "Time zone");
        d.define(
                TIMESTAMP_EXTRACTOR_CONFIG,
                Type.STRING,
                TIMESTAMP_EXTRACTOR_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("Record", "RecordField", "Header"),
                Importance.MEDIUM,
                TIMESTAMP_EXTRACTOR_DOC,
                PARTITIONING_GROUP,
                ++o,
                Width.SHORT,
                "Timestamp source",
                new EnumRecommender("Record", "RecordField", "Header"));
        d.define(
                TIMESTAMP_FIELD_CONFIG,
                Type.STRING,
                "",
                Importance.MEDIUM,
                TIMESTAMP_FIELD_DOC,
                PARTITIONING_GROUP,
                ++o,
                Width.MEDIUM,
                "Timestamp field or header");

        o = 0;
        d.define(
                MAX_RECORDS_CONFIG,
                Type.LONG,
                100_000L,
                ConfigDef.Range.atLeast(0),
                Importance.HIGH,
                MAX_RECORDS_DOC,
                CHUNK_GROUP,
                ++o,
                Width.SHORT,
                "Max records per chunk");
        d.define(
                MAX_BYTES_CONFIG,
                Type.LONG,
                64L * 1024 * 1024,
                ConfigDef.Range.atLeast(0),
                Importance.HIGH,
                MAX_BYTES_DOC,
                CHUNK_GROUP,
                ++o,
                Width.SHORT,
                "Max bytes per chunk");
        d.define(
                ROTATE_INTERVAL_CONFIG,
                Type.LONG,
                0L,
                ConfigDef.Range.atLeast(0),
                Importance.MEDIUM,
                ROTATE_INTERVAL_DOC,
                CHUNK_GROUP,
                ++o,
                Width.SHORT,
                "Record-time rotation (ms)");
        d.define(
                ROTATE_SCHEDULE_CONFIG,
                Type.LONG,
                0L,
                ConfigDef.Range.atLeast(0),
                Importance.MEDIUM,
                ROTATE_SCHEDULE_DOC,
                CHUNK_GROUP,
                ++o,
                Width.SHORT,
                "Wall-clock rotation (ms)");

        o = 0;
        d.define(
                FORMAT_CONFIG,
                Type.STRING,
                "json",
                ConfigDef.CaseInsensitiveValidString.in("json", "raw", "parquet"),
                Importance.MEDIUM,
                FORMAT_DOC,
                FORMAT_GROUP,
                ++o,
                Width.SHORT,
                "Format",
                new EnumRecommender("json", "raw", "parquet"));
        d.define(
                RAW_SEPARATOR_CONFIG,
                Type.STRING,
                "\\n",
                ParsedBy.string(Escapes::unescape, "a separator; escapes " + Escapes.SUPPORTED),
                Importance.LOW,
                RAW_SEPARATOR_DOC,
                FORMAT_GROUP,
                ++o,
                Width.SHORT,
                "Raw separator");
        d.define(
                COMPRESSION_CONFIG,
                Type.STRING,
                "gzip",
                ConfigDef.CaseInsensitiveValidString.in("none", "gzip", "zstd"),
                Importance.MEDIUM,
                COMPRESSION_DOC,
                FORMAT_GROUP,
                ++o,
                Width.SHORT,
                "Compression",
                new EnumRecommender("none", "gzip", "zstd"));
        d.define(
                COMPRESSION_LEVEL_CONFIG,
                Type.INT,
                -1,
                ConfigDef.Range.between(-1, 22),
                Importance.LOW,
                COMPRESSION_LEVEL_DOC,
                FORMAT_GROUP,
                ++o,
                Width.SHORT,
                "Compression level");
        d.define(
                PARQUET_SCHEMALESS_CONFIG,
                Type.STRING,
                "fail",
                ConfigDef.CaseInsensitiveValidString.in("fail", "json"),
                Importance.LOW,
                PARQUET_SCHEMALESS_DOC,
                FORMAT_GROUP,
                ++o,
                Width.SHORT,
                "Parquet: values without schema",
                new EnumRecommender("fail", "json"));
        d.define(
                PARQUET_ROW_GROUP_BYTES_CONFIG,
                Type.LONG,
                PARQUET_ROW_GROUP_BYTES_DEFAULT,
                ConfigDef.Range.between(1024L * 1024, 1024L * 1024 * 1024),
                Importance.LOW,
                PARQUET_ROW_GROUP_BYTES_DOC,
                FORMAT_GROUP,
                ++o,
                Width.SHORT,
                "Parquet row group size");

        d.define(
                NULL_VALUES_CONFIG,
                Type.STRING,
                NULL_VALUES_DEFAULT,
                ParsedBy.string(
                        v -> {
                            if (!v.isBlank()) {
                                try {
                                    NullValuePolicy.parse(v);
                                } catch (IllegalArgumentException e) {
                                    throw new IllegalArgumentException("must be empty, write, ignore or fail");
                                }
                            }
                        },
                        "empty, write, ignore or fail"),
                Importance.MEDIUM,
                NULL_VALUES_DOC,
                NULL_VALUES_GROUP,
                1,
                Width.SHORT,
                "Null values",
                new EnumRecommender("write", "ignore", "fail"));

        o = 0;
        d.define(
                STAGE_DIR_CONFIG,
                Type.STRING,
                "",
                Importance.MEDIUM,
                STAGE_DIR_DOC,
                STAGE_GROUP,
                ++o,
                Width.LONG,
                "Scratch directory");
        d.define(
                STAGE_QUOTA_CONFIG,
                Type.LONG,
                1024L * 1024 * 1024,
                ConfigDef.Range.atLeast(1024 * 1024),
                Importance.MEDIUM,
                STAGE_QUOTA_DOC,
                STAGE_GROUP,
                ++o,
                Width.SHORT,
                "Scratch quota");
        d.define(
                STAGE_BUFFER_CONFIG,
                Type.INT,
                16 * 1024,
                ConfigDef.Range.between(512, 16 * 1024 * 1024),
                Importance.LOW,
                STAGE_BUFFER_DOC,
                STAGE_GROUP,
                ++o,
                Width.SHORT,
                "Chunk write buffer");
        d.define(
                JANITOR_INTERVAL_CONFIG,
                Type.LONG,
                60_000L,
                ConfigDef.Range.atLeast(1_000),
                Importance.LOW,
                JANITOR_INTERVAL_DOC,
                STAGE_GROUP,
                ++o,
                Width.SHORT,
                "Janitor interval (ms)");
        d.define(
                CLOSE_TIMEOUT_CONFIG,
                Type.LONG,
                20_000L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                CLOSE_TIMEOUT_DOC,
                STAGE_GROUP,
                ++o,
                Width.SHORT,
                "Close timeout (ms)");

        d.define(
                CHANGE_LOG_RETAIN_CONFIG,
                Type.INT,
                10_000,
                ConfigDef.Range.atLeast(1),
                Importance.LOW,
                CHANGE_LOG_RETAIN_DOC,
                MANIFEST_GROUP,
                1,
                Width.SHORT,
                "change_log retention");
        d.define(
                SEGMENT_MAX_ENTRIES_CONFIG,
                Type.INT,
                SEGMENT_MAX_ENTRIES_DEFAULT,
                ConfigDef.Range.between(2, 1_000_000),
                Importance.LOW,
                SEGMENT_MAX_ENTRIES_DOC,
                MANIFEST_GROUP,
                2,
                Width.SHORT,
                "Manifest segment size");
        AwsAuthFragment.addTo(d);
        TaskFragment.addTo(d);
        CheckpointStoreFragment.addTo(d, CheckpointStoreFragment.CORRUPT_POLICY_DEFAULT, STORE_DIR_DOC);
        return ALIASES.defineIn(d);
    }

    private RecordFormat format;

    public S3CheckpointSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, ALIASES.resolve(props, LOG));
    }

    /**
     * Rules spanning settings: some chunk bound is set; the Partitioning settings fit the key
     * template; the authentication rules of {@link AwsAuthFragment}.
     */
    @Override
    public Map<String, List<String>> crossFieldProblems() {
        Problems problems = new Problems();
        RotationPolicy check = rotation();
        if (check.maxRecords() == 0 && check.maxBytes() == 0) {
            problems.add(MAX_RECORDS_CONFIG, "set chunk.max.records or chunk.max.bytes (or both)");
        }
        partitioningProblems(problems);
        problems.addAll(awsAuth().crossFieldProblems());
        return problems.asMap();
    }

    /** How the S3 client authenticates. */
    public AwsAuthFragment awsAuth() {
        return new AwsAuthFragment(this);
    }

    /**
     * The Partitioning settings against the key template: a ${field:...} or a RecordField time needs
     * a value with fields (not format.type=raw); RecordField and Header need timestamp.field; a
     * time setting changed from its default without a record-time variable in the template would do
     * nothing, so it is an error.
     */
    private void partitioningProblems(Problems problems) {
        KeyTemplate t = KeyTemplate.parse(getString(KEY_TEMPLATE_CONFIG));
        boolean raw = "raw".equalsIgnoreCase(getString(FORMAT_CONFIG));
        KeyPathResolver.TimestampSource source = timestampSource();
        String field = getString(TIMESTAMP_FIELD_CONFIG).strip();
        if (raw) {
            t.recordVariables().stream()
                    .filter(v -> v.kind() == KeyTemplate.Kind.FIELD)
                    .findFirst()
                    .ifPresent(v -> problems.add(
                            KEY_TEMPLATE_CONFIG,
                            v.text() + " reads a field of the record value, but format.type=raw writes values as"
                                    + " bytes or strings, which have no fields; use format.type=json with a converter"
                                    + " that gives structs or maps, or ${header:...}"));
        }
        if (!t.usesRecordTime()) {
            if (source != KeyPathResolver.TimestampSource.RECORD || !field.isEmpty()) {
                problems.add(
                        source != KeyPathResolver.TimestampSource.RECORD
                                ? TIMESTAMP_EXTRACTOR_CONFIG
                                : TIMESTAMP_FIELD_CONFIG,
                        "applies to the record-time variables of s3.key.template (${yyyy}, ${MM}, ${dd}, ${HH},"
                                + " ${mm}, ${time:...}), and the template has none: add them or remove this setting");
            }
            if (!TIMEZONE_DEFAULT.equals(getString(TIMEZONE_CONFIG).strip())) {
                problems.add(
                        TIMEZONE_CONFIG,
                        "applies to the record-time variables of s3.key.template, and the template has none:"
                                + " add them or remove this setting");
            }
            return;
        }
        switch (source) {
            case RECORD -> {
                if (!field.isEmpty()) {
                    problems.add(
                            TIMESTAMP_FIELD_CONFIG,
                            "applies only to timestamp.extractor=RecordField or Header; the time comes from the"
                                    + " record's timestamp (timestamp.extractor=Record)");
                }
            }
            case RECORD_FIELD, HEADER -> {
                if (field.isEmpty()) {
                    problems.add(
                            TIMESTAMP_FIELD_CONFIG,
                            "timestamp.extractor=" + getString(TIMESTAMP_EXTRACTOR_CONFIG) + " needs the "
                                    + (source == KeyPathResolver.TimestampSource.HEADER ? "header name" : "field path")
                                    + " here");
                } else if (source == KeyPathResolver.TimestampSource.RECORD_FIELD && raw) {
                    problems.add(
                            TIMESTAMP_EXTRACTOR_CONFIG,
                            "RecordField reads a field of the record value, but format.type=raw writes values"
                                    + " as bytes or strings, which have no fields; use Header or Record");
                }
            }
            default -> throw new IllegalStateException(source.name());
        }
    }

    /** The shared checkpoint-store settings of this connector. */
    public CheckpointStoreFragment checkpointStore() {
        return new CheckpointStoreFragment(this);
    }

    /** What the connector told this task: its index and the connector's name. */
    public TaskFragment task() {
        return new TaskFragment(this);
    }

    // ------------------------------------------------------------------ typed getters

    public S3Settings s3Settings() {
        String endpoint = getString(ENDPOINT_CONFIG).strip();
        String kms = getString(SSE_KMS_KEY_CONFIG).strip();
        return new S3Settings(
                getString(BUCKET_CONFIG),
                getString(REGION_CONFIG),
                endpoint.isEmpty() ? null : URI.create(endpoint),
                getBoolean(PATH_STYLE_CONFIG),
                awsAuth().accessKeyId(),
                awsAuth().secretAccessKey(),
                sseType(),
                kms.isEmpty() ? null : kms,
                getLong(PART_SIZE_CONFIG),
                getLong(MULTIPART_THRESHOLD_CONFIG),
                checksumAlgorithm(),
                new RetryPolicy(
                        getInt(RETRY_ATTEMPTS_CONFIG),
                        Duration.ofMillis(getLong(RETRY_BACKOFF_CONFIG)),
                        Duration.ofMillis(Math.max(getLong(RETRY_BACKOFF_CONFIG), getLong(RETRY_BACKOFF_MAX_CONFIG)))),
                Duration.ofMillis(getLong(API_TIMEOUT_CONFIG)),
                Math.max(8, getInt(UPLOAD_THREADS_CONFIG) * 2),
                awsAuth().auth());
    }

    public S3Settings.SseType sseType() {
        return switch (getString(SSE_TYPE_CONFIG).toLowerCase(Locale.ROOT)) {
            case "aes256" -> S3Settings.SseType.AES256;
            case "aws:kms" -> S3Settings.SseType.KMS;
            default -> S3Settings.SseType.NONE;
        };
    }

    public ChecksumAlgorithm checksumAlgorithm() {
        return ChecksumAlgorithm.valueOf(getString(CHECKSUM_CONFIG).toUpperCase(Locale.ROOT));
    }

    public RotationPolicy rotation() {
        return new RotationPolicy(
                getLong(MAX_RECORDS_CONFIG),
                getLong(MAX_BYTES_CONFIG),
                getLong(ROTATE_INTERVAL_CONFIG),
                getLong(ROTATE_SCHEDULE_CONFIG));
    }

    /**
     * The format of this configuration, one instance per configuration object: the task's encoder and
     * the uploader's transcoder of one task share it (Parquet keeps the row schemas of staged chunks in
     * it).
     */
    public synchronized RecordFormat format() {
        if (format == null) {
            format = switch (getString(FORMAT_CONFIG).toLowerCase(Locale.ROOT)) {
                case "raw" ->
                    new RawValueFormat(
                            Escapes.unescape(getString(RAW_SEPARATOR_CONFIG)).getBytes(StandardCharsets.UTF_8));
                case "parquet" ->
                    new ParquetRecordFormat(
                            ParquetRecordFormat.Schemaless.valueOf(
                                    getString(PARQUET_SCHEMALESS_CONFIG).toUpperCase(Locale.ROOT)),
                            compression(),
                            compressionLevel(),
                            getLong(PARQUET_ROW_GROUP_BYTES_CONFIG));
                default -> new JsonLinesEnvelopeFormat();
            };
        }
        return format;
    }

    /**
     * {@code behavior.on.null.values}, or when empty the format's default: write for the JSON
     * envelope (which keeps a null value), fail for every other format.
     */
    public NullValuePolicy nullValuePolicy() {
        String v = getString(NULL_VALUES_CONFIG).strip();
        if (!v.isEmpty()) {
            return NullValuePolicy.parse(v);
        }
        return format() instanceof RawValueFormat ? NullValuePolicy.FAIL : NullValuePolicy.WRITE;
    }

    public Compression compression() {
        return Compression.valueOf(getString(COMPRESSION_CONFIG).toUpperCase(Locale.ROOT));
    }

    public int compressionLevel() {
        return getInt(COMPRESSION_LEVEL_CONFIG);
    }

    public ObjectLayout layout() {
        return new ObjectLayout(
                getString(PREFIX_CONFIG), getString(KEY_TEMPLATE_CONFIG), format().objectExtension(compression()));
    }

    /**
     * True when checkpoint.store.dir is empty: each task keeps its local store and scratch files in a
     * directory of its own under java.io.tmpdir, deleted when it stops (see {@link #STORE_DIR_DOC}).
     */
    public boolean ephemeralStore() {
        return !checkpointStore().hasDirectory();
    }

    /** Where the record time of the key template comes from (timestamp.extractor). */
    public KeyPathResolver.TimestampSource timestampSource() {
        return KeyPathResolver.TimestampSource.of(getString(TIMESTAMP_EXTRACTOR_CONFIG));
    }

    public ZoneId timezone() {
        return ZoneId.of(getString(TIMEZONE_CONFIG).strip());
    }

    private static ZoneId zoneId(String id) {
        try {
            return ZoneId.of(id.strip());
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Resolves the record variables of the key template for each record; null when the template
     * has none (keys from topic, partition and offsets only).
     */
    public KeyPathResolver keyPathResolver() {
        ObjectLayout layout = layout();
        if (!layout.keyTemplate().hasRecordVariables()) {
            return null;
        }
        return new KeyPathResolver(
                layout,
                timezone(),
                timestampSource(),
                getString(TIMESTAMP_FIELD_CONFIG).strip());
    }

    /** The connector's local state directory: {@code <checkpoint.store.dir>/<connector>}. */
    public Path stateDirectory(String connectorName) {
        return checkpointStore().directory(connectorName);
    }

    public Path scratchRoot(String connectorName) {
        return scratchRoot(connectorName, null);
    }

    /** The scratch root; with an {@linkplain #ephemeralStore ephemeral store}, under {@code ephemeralRoot}. */
    public Path scratchRoot(String connectorName, Path ephemeralRoot) {
        String dir = getString(STAGE_DIR_CONFIG).strip();
        if (!dir.isEmpty()) {
            return Path.of(dir);
        }
        return ephemeralStore()
                ? ephemeralRoot.resolve("scratch")
                : stateDirectory(connectorName).resolve("scratch");
    }

    public long stageQuotaBytes() {
        return getLong(STAGE_QUOTA_CONFIG);
    }

    public int stageBufferBytes() {
        return getInt(STAGE_BUFFER_CONFIG);
    }

    public Duration janitorInterval() {
        return Duration.ofMillis(getLong(JANITOR_INTERVAL_CONFIG));
    }

    public Duration closeTimeout() {
        return Duration.ofMillis(getLong(CLOSE_TIMEOUT_CONFIG));
    }

    public int uploadThreads() {
        return getInt(UPLOAD_THREADS_CONFIG);
    }

    public boolean orphanSweep() {
        return getBoolean(ORPHAN_SWEEP_CONFIG);
    }

    /** True when a store that ignores conditional writes is accepted (no zombie fencing), see the setting's doc. */
    public boolean acceptUnverifiedConditionalWrites() {
        return getBoolean(CONDITIONAL_WRITES_UNVERIFIED_ACCEPT_CONFIG);
    }

    public int changeLogRetain() {
        return getInt(CHANGE_LOG_RETAIN_CONFIG);
    }

    public int segmentMaxEntries() {
        return getInt(SEGMENT_MAX_ENTRIES_CONFIG);
    }
}
