/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.Compression;
import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.manifest.PartitionManifest;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.RetryPolicy;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.scan.ColdScan;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.connect.ProcessConnectCluster;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.kafka.KafkaBroker;
import io.tidemark.stack.rest.ConnectRestClient;
import io.tidemark.stack.rest.ConnectorConfig;
import io.tidemark.stack.rest.ConnectorStatus;
import io.tidemark.stack.s3.S3ProxyServer;
import io.tidemark.stack.verify.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The test bed of the ITs: a broker JVM, s3proxy, Connect worker JVMs with this module's plugin
 * from target/plugin, the example config deployed through REST, and checks through the manifests
 * (ColdScan).
 */
final class SinkStack {

    static final Path EXAMPLE = Path.of("../config-examples/src/main/resources/connectors/s3-checkpoint-sink.json");

    /** In each worker's working directory: that worker's {@code checkpoint.store.dir}. */
    static final String WORKER_STATE_FILE = "tidemark-sink-worker.properties";

    final LocalStack stack;
    final KafkaBroker kafka;
    final S3ProxyServer s3;
    final ProcessConnectCluster cluster;

    SinkStack(LocalStack stack, int workers, UnaryOperator<WorkerOptions> tune) {
        this.stack = stack;
        this.kafka = stack.startKafka();
        this.s3 = stack.startS3("tidemark-it");
        Path pluginPath = PluginDirs.modulePluginPath(Path.of("").toAbsolutePath());
        this.cluster = stack.startConnectCluster(
                workers,
                () -> tune.apply(WorkerOptions.defaults()
                        .pluginPath(pluginPath)
                        .sessionTimeoutMs(6000)
                        .heartbeatIntervalMs(1500)
                        .offsetFlushIntervalMs(1000)
                        .property("config.providers", "file")
                        .property(
                                "config.providers.file.class",
                                "org.apache.kafka.common.config.provider.FileConfigProvider")));
        // each worker its own local store directory, as on a host that runs several workers: the
        // connector config names a file relative to the worker's working directory (its state dir)
        for (int i = 0; i < cluster.workers().size(); i++) {
            try {
                Files.writeString(
                        cluster.worker(i).stateDir().resolve(WORKER_STATE_FILE),
                        "checkpoint.store.dir=" + stack.newDir("sink-state-worker-" + i) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    ConnectRestClient rest() {
        return cluster.rest();
    }

    /** The example config with the stack's values filled in, then {@code overrides} applied. */
    Map<String, String> exampleConfig(URI s3Endpoint, Map<String, String> overrides) {
        try {
            String json = ConnectorConfig.substitute(
                    Files.readString(EXAMPLE),
                    Map.of(
                            "S3_ENDPOINT", s3Endpoint.toString(),
                            "S3_ACCESS_KEY", s3.accessKey(),
                            "S3_SECRET_KEY", s3.secretKey(),
                            "S3_BUCKET", s3.bucket(),
                            "STATE_DIR", "${file:" + WORKER_STATE_FILE + ":checkpoint.store.dir}"));
            Map<String, String> config = new HashMap<>(
                    ConnectorConfig.parse(json, "s3-checkpoint-sink").config());
            config.putAll(overrides);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void createTopic(String topic, int partitions) {
        try (Topics t = new Topics(kafka.bootstrapServers())) {
            t.create(topic, partitions);
        }
    }

    /** Produces values "<topic>-<partition>-<i>" round robin over partitions; returns end offsets. */
    Map<Integer, Long> produce(String topic, int partitions, int records, int perSecond) {
        return produce(topic, partitions, records, perSecond, "");
    }

    /** Like {@link #produce} as fast as possible, each value followed by " " and {@code padding}. */
    Map<Integer, Long> produceWithValue(String topic, int partitions, int records, String padding) {
        return produce(topic, partitions, records, 0, " " + padding);
    }

    private Map<Integer, Long> produce(String topic, int partitions, int records, int perSecond, String suffix) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        Map<Integer, Long> counts = new HashMap<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                int part = i % partitions;
                long n = counts.merge(part, 1L, Long::sum);
                producer.send(new ProducerRecord<>(topic, part, "k" + i, topic + "-" + part + "-" + (n - 1) + suffix));
                if (perSecond > 0 && i % 100 == 0) {
                    long due = start + (long) i * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleep(wait / 1_000_000);
                    }
                }
            }
            producer.flush();
        }
        return counts;
    }

    RemoteStore remote() {
        return new RemoteStore(new S3Settings(
                s3.bucket(),
                "us-east-1",
                s3.endpoint(),
                true,
                s3.accessKey(),
                s3.secretKey(),
                S3Settings.SseType.NONE,
                null,
                S3Settings.MIN_PART_SIZE,
                S3Settings.MIN_PART_SIZE * 4,
                ChecksumAlgorithm.CRC32C,
                new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)),
                Duration.ofSeconds(30),
                4));
    }

    static ObjectLayout layout(Map<String, String> config) {
        return new ObjectLayout(
                config.get("s3.prefix"),
                ObjectLayout.DEFAULT_TEMPLATE,
                new JsonLinesEnvelopeFormat().extension()
                        + Compression.valueOf(config.get("format.compression").toUpperCase())
                                .extension());
    }

    /** Waits until the manifests of every partition reach its end offset. */
    void awaitManifestsCover(
            ObjectLayout layout, String topic, Map<Integer, Long> endOffsets, Duration timeout, String connector) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (RemoteStore remote = remote()) {
            ColdScan scan = new ColdScan(remote, layout, RemoteReadLimiter.unlimited());
            Map<Integer, Long> seen = new HashMap<>();
            while (true) {
                boolean all = true;
                for (Map.Entry<Integer, Long> e : endOffsets.entrySet()) {
                    long next = scan.manifest(new TopicPartitionId(topic, e.getKey()))
                            .map(PartitionManifest::nextOffset)
                            .orElse(-1L);
                    seen.put(e.getKey(), next);
                    all &= next >= e.getValue();
                }
                if (all) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "manifests of " + topic + " reached " + seen + ", expected " + endOffsets + "; connector: "
                                    + rest().connectorStatus(connector).summary());
                }
                sleep(500);
            }
        }
    }

    /** What the manifests and the bucket hold for a topic, before any assertion. */
    record Audit(
            long expected,
            long listedRecords,
            long duplicates,
            long gaps,
            long outOfOrder,
            long countMismatches,
            long chunks,
            List<String> unlisted,
            List<String> problems) {
        /** Records neither listed nor duplicated-over: expected minus the distinct records listed. */
        long lost() {
            return Math.max(0, expected - (listedRecords - duplicates));
        }

        String summary() {
            return "records expected " + expected + ", listed " + listedRecords + " in " + chunks + " chunks, lost "
                    + lost() + ", duplicated " + duplicates + ", gaps " + gaps + ", out of order " + outOfOrder
                    + ", count mismatches " + countMismatches + ", unlisted objects " + unlisted.size();
        }
    }

    /** Reads every partition through its manifest (checksums verified) and lists the topic's keys. */
    Audit audit(ObjectLayout layout, String topic, Map<Integer, Long> endOffsets) {
        long expected = 0;
        long listedRecords = 0;
        long duplicates = 0;
        long gaps = 0;
        long outOfOrder = 0;
        long mismatches = 0;
        long chunks = 0;
        List<String> problems = new ArrayList<>();
        try (RemoteStore remote = remote()) {
            ColdScan scan = new ColdScan(remote, layout, new RemoteReadLimiter(4, 0));
            Set<String> listed = new HashSet<>();
            for (Map.Entry<Integer, Long> e : endOffsets.entrySet()) {
                TopicPartitionId tp = new TopicPartitionId(topic, e.getKey());
                ColdScan.Report r = scan.verify(tp);
                expected += e.getValue();
                listedRecords += r.records();
                duplicates += r.duplicates();
                gaps += r.gaps();
                outOfOrder += r.outOfOrder();
                mismatches += r.countMismatches();
                chunks += r.chunks();
                if (r.records() > 0 && r.firstOffset() != 0) {
                    problems.add(tp + " starts at " + r.firstOffset());
                }
                if (r.records() != e.getValue()) {
                    problems.add(tp + " lists " + r.records() + " records, expected " + e.getValue());
                }
                List<String> values = new ArrayList<>();
                scan.scan(tp, 0, rec -> {
                    if (values.isEmpty()) {
                        values.add(rec.envelope().get("value").asText().split(" ")[0]);
                    }
                });
                if (values.isEmpty() || !values.get(0).equals(topic + "-" + e.getKey() + "-0")) {
                    problems.add(tp + " first value " + values);
                }
                // every listed chunk, following the manifest head's segment references
                scan.chunks(tp).stream().map(ChunkEntryRecord::key).forEach(listed::add);
            }
            List<String> unlisted = new ArrayList<>();
            remote.list(layout.prefix() + topic + "/", null, o -> {
                if (!listed.contains(o.key())) {
                    unlisted.add(o.key());
                }
            });
            return new Audit(
                    expected, listedRecords, duplicates, gaps, outOfOrder, mismatches, chunks, unlisted, problems);
        }
    }

    /**
     * Every record of every partition exactly once, in offset order, no gaps; and no object under
     * the topic's keys that no manifest lists. Returns the number of records checked.
     */
    long verifyExactlyOnce(ObjectLayout layout, String topic, Map<Integer, Long> endOffsets) {
        Audit a = audit(layout, topic, endOffsets);
        System.out.println("[audit] " + topic + ": " + a.summary());
        assertThat(a.duplicates() + a.gaps() + a.outOfOrder() + a.countMismatches())
                .as("exactly once, in order, no gaps: " + a.summary())
                .isZero();
        assertThat(a.problems()).as("per-partition checks").isEmpty();
        assertThat(a.unlisted()).as("objects no manifest lists").isEmpty();
        assertThat(a.listedRecords()).isEqualTo(a.expected());
        return a.listedRecords();
    }

    /**
     * What a user sees listing the bucket: every object under the connector's prefix, and those of
     * them that no manifest of {@code topic} lists, leaving out the manifests and their segments
     * ({@code _manifests/}) and the connectivity probe ({@code _tidemark/}).
     */
    record Listing(int objects, int listed, List<String> unlisted) {}

    Listing listing(ObjectLayout layout, String topic, int partitions) {
        try (RemoteStore remote = remote()) {
            ColdScan scan = new ColdScan(remote, layout, new RemoteReadLimiter(4, 0));
            Set<String> listed = new HashSet<>();
            for (int p = 0; p < partitions; p++) {
                scan.chunks(new TopicPartitionId(topic, p)).stream()
                        .map(ChunkEntryRecord::key)
                        .forEach(listed::add);
            }
            List<String> objects = new ArrayList<>();
            remote.list(layout.prefix(), null, o -> {
                if (!o.key().startsWith(layout.manifestPrefix())
                        && !o.key().startsWith(layout.prefix() + "_tidemark/")) {
                    objects.add(o.key());
                }
            });
            List<String> unlisted =
                    objects.stream().filter(k -> !listed.contains(k)).toList();
            return new Listing(objects.size(), listed.size(), unlisted);
        }
    }

    /** How often each recovery path ran, counted in the workers' logs (all restarts appended). */
    Map<String, Integer> recoveryEvents() {
        Map<String, String> patterns = new java.util.LinkedHashMap<>();
        patterns.put("pending chunks finished", "Finished pending chunk");
        patterns.put("pending chunks discarded", "Discarded pending");
        patterns.put("orphans deleted", "Deleted orphaned object");
        patterns.put("re-uploads met an identical object", "already in S3 with the same checksum");
        patterns.put("unlisted objects replaced", "Replacing unlisted object");
        patterns.put("fenced writers", "was taken over by");
        patterns.put("rewinds", "again from offset");
        patterns.put("manifest segments written", "manifest entries of");
        patterns.put("manifest segments reused", "reusing it");
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        patterns.keySet().forEach(k -> counts.put(k, 0));
        for (int i = 0; i < cluster.workers().size(); i++) {
            try (var lines = Files.lines(cluster.worker(i).logFile())) {
                lines.forEach(line -> patterns.forEach((name, p) -> {
                    if (line.contains(p)) {
                        counts.merge(name, 1, Integer::sum);
                    }
                }));
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalStateException("cannot read the log of worker " + i, e);
            }
        }
        return counts;
    }

    void awaitRunning(String connector, int tasks, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ConnectorStatus last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = rest().connectorStatus(connector);
                if (last.isRunning(tasks)) {
                    return;
                }
                rest().restartTasksFailedInZombieFencing(connector, last);
            } catch (RuntimeException notYet) {
                // connector not known yet, or worker restarting
            }
            sleep(300);
        }
        throw new AssertionError("connector " + connector + " not RUNNING with " + tasks + " tasks: "
                + (last == null ? "no status" : last.raw()));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
