/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.restore.connect;

import io.tidemark.connect.config.CheckpointStoreFragment;
import io.tidemark.connect.config.CrossFieldChecked;
import io.tidemark.connect.config.Problems;
import io.tidemark.connect.config.TaskFragment;
import io.tidemark.connect.config.validators.EnumRecommender;
import io.tidemark.connect.config.validators.NonEmptyList;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.connect.AwsAuthFragment;
import io.tidemark.s3sink.connect.S3CheckpointSinkConfig;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RetryPolicy;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.restore.RestoreEngine;
import io.tidemark.s3sink.restore.RestoreRange;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The settings of the S3 restore source: the sink's S3 connection settings (the same names,
 * definitions taken from the sink's config), what to restore and where to, and how reads are
 * bounded and cached, plus the shared checkpoint-store settings.
 */
public final class RestoreSourceConfig extends AbstractConfig implements CrossFieldChecked {

    /** The sink's settings a restore reads with: the same names and definitions as the sink's. */
    static final List<String> SHARED_S3_SETTINGS = List.of(
            S3CheckpointSinkConfig.BUCKET_CONFIG,
            S3CheckpointSinkConfig.PREFIX_CONFIG,
            S3CheckpointSinkConfig.REGION_CONFIG,
            S3CheckpointSinkConfig.ENDPOINT_CONFIG,
            S3CheckpointSinkConfig.PATH_STYLE_CONFIG,
            S3CheckpointSinkConfig.RETRY_ATTEMPTS_CONFIG,
            S3CheckpointSinkConfig.RETRY_BACKOFF_CONFIG,
            S3CheckpointSinkConfig.RETRY_BACKOFF_MAX_CONFIG,
            S3CheckpointSinkConfig.API_TIMEOUT_CONFIG);

    public static final String RESTORE_GROUP = "Restore";

    public static final String TOPICS_CONFIG = "restore.topics";
    public static final String TOPICS_DOC = "Topics to restore, by the names the sink stored them under (their"
            + " manifests are <s3.prefix>_manifests/<topic>/<partition>.json). Every partition with a manifest is"
            + " restored unless restore.partitions narrows them.";

    public static final String PARTITIONS_CONFIG = "restore.partitions";
    public static final String PARTITIONS_DOC = "Partition numbers to restore (of every topic in restore.topics)."
            + " Empty: every partition with a manifest.";

    public static final String TOPIC_MAPPING_CONFIG = "restore.topic.mapping";
    public static final String TOPIC_MAPPING_DOC = "Where records go, as original:target pairs (for example"
            + " orders:orders-restored). A topic not listed is written back to the topic of the same name.";

    public static final String PARTITION_MAPPING_CONFIG = "restore.partition.mapping";
    public static final String PARTITION_MAPPING_DOC = "Partition numbers to change, as original:target pairs (for"
            + " example 0:3); applies to every restored topic. A partition not listed keeps its number. The target"
            + " topic must have the target partitions.";

    public static final String START_OFFSET_CONFIG = "restore.start.offset";
    public static final String START_OFFSET_DOC = "First original offset to restore (inclusive), in every partition.";

    public static final String END_OFFSET_CONFIG = "restore.end.offset";
    public static final String END_OFFSET_DOC = "Original offset at which the restore of each partition ends"
            + " (exclusive). -1: no end; the restore replays every chunk the manifests list and then keeps reading"
            + " the manifests every 30 seconds for chunks the sink adds.";

    public static final String START_TIME_CONFIG = "restore.start.timestamp.ms";
    public static final String START_TIME_DOC = "Restore only records with a timestamp at or after this (epoch"
            + " ms). -1: no lower bound. With a time range set, records without a timestamp are not restored.";

    public static final String END_TIME_CONFIG = "restore.end.timestamp.ms";
    public static final String END_TIME_DOC =
            "Restore only records with a timestamp before this (epoch ms, exclusive). -1: no upper bound.";

    public static final String MISMATCH_CONFIG = "restore.checksum.mismatch";
    public static final String MISMATCH_DOC = "What a chunk whose bytes do not match its manifest entry's checksum"
            + " (after a second download) does; nothing of such a chunk is ever emitted. 'fail': the task fails and"
            + " names the chunk. 'skip': the chunk's records are left out, logged as an error and counted"
            + " (metric chunks-skipped-total), and the restore goes on after it.";

    public static final String MAX_RECORDS_CONFIG = "restore.poll.max.records";
    public static final String MAX_RECORDS_DOC =
            "Records handed to Connect per poll; with exactly-once support" + " one poll is one transaction.";

    public static final String READ_CONCURRENCY_CONFIG = "restore.read.max.concurrent";
    public static final String READ_CONCURRENCY_DOC =
            "Objects (chunks, manifest segments) a task reads from S3 at" + " once.";

    public static final String READ_RATE_CONFIG = "restore.read.bytes.per.second";
    public static final String READ_RATE_DOC = "Average bytes per second a task downloads from S3 (0: unlimited),"
            + " so a restore does not starve the sink's uploads or run up transfer costs.";

    public static final String CACHE_BYTES_CONFIG = "restore.cache.max.bytes";
    public static final String CACHE_BYTES_DOC = "Byte quota of a task's hot_cache directory"
            + " (<checkpoint.store.dir>/<connector>/hot_cache/task-<n>) of downloaded chunks; the least recently"
            + " used chunks are evicted first. A restarted task finds its cached chunks (verified again against"
            + " their manifest entries) and does not download them again.";

    /** Internal: the topic partitions the connector gave a task, as topic:partition,... */
    static final String ASSIGNED_CONFIG = "tidemark.restore.assigned";

    public static final ConfigDef CONFIG_DEF = buildConfigDef();

    private static ConfigDef buildConfigDef() {
        ConfigDef d = new ConfigDef();
        Map<String, ConfigDef.ConfigKey> sink = S3CheckpointSinkConfig.CONFIG_DEF.configKeys();
        for (String name : SHARED_S3_SETTINGS) {
            d.define(sink.get(name));
        }
        AwsAuthFragment.addTo(d); // the sink's authentication settings: keys, provider class, assume-role
        int o = 0;
        d.define(
                TOPICS_CONFIG,
                Type.LIST,
                ConfigDef.NO_DEFAULT_VALUE,
                new NonEmptyList("no topic to restore", "a list of topic names"),
                Importance.HIGH,
                TOPICS_DOC,
                RESTORE_GROUP,
                ++o,
                Width.LONG,
                "Topics");
        d.define(
                PARTITIONS_CONFIG,
                Type.LIST,
                "",
                Importance.LOW,
                PARTITIONS_DOC,
                RESTORE_GROUP,
                ++o,
                Width.MEDIUM,
                "Partitions");
        d.define(
                TOPIC_MAPPING_CONFIG,
                Type.LIST,
                "",
                Importance.MEDIUM,
                TOPIC_MAPPING_DOC,
                RESTORE_GROUP,
                ++o,
                Width.LONG,
                "Topic mapping");
        d.define(
                PARTITION_MAPPING_CONFIG,
                Type.LIST,
                "",
                Importance.LOW,
                PARTITION_MAPPING_DOC,
                RESTORE_GROUP,
                ++o,
                Width.MEDIUM,
                "Partition mapping");
        d.define(
                START_OFFSET_CONFIG,
                Type.LONG,
                0L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                START_OFFSET_DOC,
                RESTORE_GROUP,
                ++o,
                Width.SHORT,
                "Start offset");
        d.define(
                END_OFFSET_CONFIG,
                Type.LONG,
                -1L,
                ConfigDef.Range.atLeast(-1),
                Importance.LOW,
                END_OFFSET_DOC,
                RESTORE_GROUP,
                ++o,
                Width.SHORT,
                "End offset");
        d.define(
                START_TIME_CONFIG,
                Type.LONG,
                -1L,
                ConfigDef.Range.atLeast(-1),
                Importance.LOW,
                START_TIME_DOC,
                RESTORE_GROUP,
                ++o,
                Width.SHORT,
                "Start time (ms)");
        d.define(
                END_TIME_CONFIG,
                Type.LONG,
                -1L,
                ConfigDef.Range.atLeast(-1),
                Importance.LOW,
                END_TIME_DOC,
                RESTORE_GROUP,
                ++o,
                Width.SHORT,
                "End time (ms)");
        d.define(
                MISMATCH_CONFIG,
                Type.STRING,
                "fail",
                ConfigDef.CaseInsensitiveValidString.in("fail", "skip"),
                Importance.MEDIUM,
                MISMATCH_DOC,
                RESTORE_GROUP,
                ++o,
                Width.SHORT,
                "Checksum mismatch",
                new EnumRecommender("fail", "skip"));
        d.define(
                MAX_RECORDS_CONFIG,
                Type.INT,
                2000,
                ConfigDef.Range.between(1, 1_000_000),
                Importance.LOW,
                MAX_RECORDS_DOC,
                RESTORE_GROUP,
                ++o,
                Width.SHORT,
                "Records per poll");
        d.define(
                READ_CONCURRENCY_CONFIG,
                Type.INT,
                2,
                ConfigDef.Range.between(1, 64),
                Importance.LOW,
                READ_CONCURRENCY_DOC,
                RESTORE_GROUP,
                ++o,
                Width.SHORT,
                "Concurrent reads");
        d.define(
                READ_RATE_CONFIG,
                Type.LONG,
                0L,
                ConfigDef.Range.atLeast(0),
                Importance.LOW,
                READ_RATE_DOC,
                RESTORE_GROUP,
                ++o,
                Width.SHORT,
                "Read bytes per second");
        d.define(
                CACHE_BYTES_CONFIG,
                Type.LONG,
                1024L * 1024 * 1024,
                ConfigDef.Range.atLeast(1024 * 1024),
                Importance.LOW,
                CACHE_BYTES_DOC,
                RESTORE_GROUP,
                ++o,
                Width.SHORT,
                "Hot cache quota");
        d.defineInternal(ASSIGNED_CONFIG, Type.STRING, "", Importance.LOW);
        TaskFragment.addTo(d);
        CheckpointStoreFragment.addTo(d);
        return CheckpointStoreFragment.addSourceSettingsTo(d);
    }

    public RestoreSourceConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    @Override
    public Map<String, List<String>> crossFieldProblems() {
        Problems problems = new Problems();
        problems.addAll(new AwsAuthFragment(this).crossFieldProblems());
        for (String p : getList(PARTITIONS_CONFIG)) {
            if (!p.strip().matches("\\d+")) {
                problems.add(PARTITIONS_CONFIG, "'" + p + "' is not a partition number");
            }
        }
        pairs(TOPIC_MAPPING_CONFIG, false, problems);
        pairs(PARTITION_MAPPING_CONFIG, true, problems);
        long end = getLong(END_OFFSET_CONFIG);
        if (end >= 0 && end <= getLong(START_OFFSET_CONFIG)) {
            problems.add(END_OFFSET_CONFIG, "must be greater than restore.start.offset (or -1 for no end)");
        }
        long t1 = getLong(START_TIME_CONFIG);
        long t2 = getLong(END_TIME_CONFIG);
        if (t1 >= 0 && t2 >= 0 && t2 <= t1) {
            problems.add(END_TIME_CONFIG, "must be greater than restore.start.timestamp.ms (or -1 for no end)");
        }
        return problems.asMap();
    }

    private Map<String, String> pairs(String setting, boolean numbers, Problems problems) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : getList(setting)) {
            String[] kv = entry.strip().split(":", -1);
            boolean ok = kv.length == 2 && !kv[0].isBlank() && !kv[1].isBlank();
            if (ok && numbers) {
                ok = kv[0].strip().matches("\\d+") && kv[1].strip().matches("\\d+");
            }
            if (!ok) {
                if (problems != null) {
                    problems.add(
                            setting,
                            "'" + entry + "' is not an original:target pair"
                                    + (numbers ? " of partition numbers" : ""));
                }
                continue;
            }
            if (out.put(kv[0].strip(), kv[1].strip()) != null && problems != null) {
                problems.add(setting, "'" + kv[0].strip() + "' is mapped twice");
            }
        }
        return out;
    }

    public CheckpointStoreFragment checkpointStore() {
        return new CheckpointStoreFragment(this);
    }

    public TaskFragment task() {
        return new TaskFragment(this);
    }

    /** The connection to the sink's bucket (reads only: part sizes and checksums of uploads do not apply). */
    public S3Settings s3Settings() {
        String endpoint = getString(S3CheckpointSinkConfig.ENDPOINT_CONFIG).strip();
        long backoff = getLong(S3CheckpointSinkConfig.RETRY_BACKOFF_CONFIG);
        return new S3Settings(
                getString(S3CheckpointSinkConfig.BUCKET_CONFIG),
                getString(S3CheckpointSinkConfig.REGION_CONFIG),
                endpoint.isEmpty() ? null : URI.create(endpoint),
                getBoolean(S3CheckpointSinkConfig.PATH_STYLE_CONFIG),
                new AwsAuthFragment(this).accessKeyId(),
                new AwsAuthFragment(this).secretAccessKey(),
                S3Settings.SseType.NONE,
                null,
                S3Settings.MIN_PART_SIZE,
                S3Settings.MIN_PART_SIZE,
                ChecksumAlgorithm.CRC32C,
                new RetryPolicy(
                        getInt(S3CheckpointSinkConfig.RETRY_ATTEMPTS_CONFIG),
                        Duration.ofMillis(backoff),
                        Duration.ofMillis(Math.max(backoff, getLong(S3CheckpointSinkConfig.RETRY_BACKOFF_MAX_CONFIG)))),
                Duration.ofMillis(getLong(S3CheckpointSinkConfig.API_TIMEOUT_CONFIG)),
                Math.max(8, getInt(READ_CONCURRENCY_CONFIG) * 2),
                new AwsAuthFragment(this).auth());
    }

    /** Where the manifests are: only the prefix matters to a reader (chunk keys come from the manifests). */
    public ObjectLayout layout() {
        return new ObjectLayout(getString(S3CheckpointSinkConfig.PREFIX_CONFIG), ObjectLayout.DEFAULT_TEMPLATE, "");
    }

    public List<String> topics() {
        return getList(TOPICS_CONFIG).stream().map(String::strip).toList();
    }

    /** The partition numbers to restore; empty: all. */
    public List<Integer> partitions() {
        return getList(PARTITIONS_CONFIG).stream()
                .map(s -> Integer.parseInt(s.strip()))
                .toList();
    }

    public String targetTopic(String original) {
        return pairs(TOPIC_MAPPING_CONFIG, false, null).getOrDefault(original, original);
    }

    public int targetPartition(int original) {
        String p = pairs(PARTITION_MAPPING_CONFIG, true, null).get(Integer.toString(original));
        return p == null ? original : Integer.parseInt(p);
    }

    public RestoreRange range() {
        long end = getLong(END_OFFSET_CONFIG);
        long t1 = getLong(START_TIME_CONFIG);
        long t2 = getLong(END_TIME_CONFIG);
        return new RestoreRange(
                getLong(START_OFFSET_CONFIG),
                end < 0 ? Long.MAX_VALUE : end,
                t1 < 0 ? Long.MIN_VALUE : t1,
                t2 < 0 ? Long.MAX_VALUE : t2);
    }

    public RestoreEngine.MismatchPolicy mismatchPolicy() {
        return "skip".equals(getString(MISMATCH_CONFIG).toLowerCase(Locale.ROOT))
                ? RestoreEngine.MismatchPolicy.SKIP
                : RestoreEngine.MismatchPolicy.FAIL;
    }

    public int pollMaxRecords() {
        return getInt(MAX_RECORDS_CONFIG);
    }

    public RemoteReadLimiter readLimiter() {
        return new RemoteReadLimiter(getInt(READ_CONCURRENCY_CONFIG), getLong(READ_RATE_CONFIG));
    }

    public long cacheBytes() {
        return getLong(CACHE_BYTES_CONFIG);
    }

    /** A task's hot cache directory. */
    public Path cacheDir(String connectorName, int taskIndex) {
        return checkpointStore().directory(connectorName).resolve("hot_cache").resolve("task-" + taskIndex);
    }

    /** The topic partitions the connector assigned to this task. */
    public List<TopicPartitionId> assigned() {
        List<TopicPartitionId> out = new ArrayList<>();
        String s = getString(ASSIGNED_CONFIG).strip();
        if (s.isEmpty()) {
            return out;
        }
        for (String tp : s.split(",")) {
            int colon = tp.lastIndexOf(':');
            out.add(new TopicPartitionId(tp.substring(0, colon), Integer.parseInt(tp.substring(colon + 1))));
        }
        return out;
    }

    static String encodeAssigned(List<TopicPartitionId> tps) {
        StringBuilder b = new StringBuilder();
        for (TopicPartitionId tp : tps) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(tp.topic()).append(':').append(tp.partition());
        }
        return b.toString();
    }
}
