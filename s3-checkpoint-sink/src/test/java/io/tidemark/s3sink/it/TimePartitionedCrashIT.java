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
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.scan.ColdScan;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keys partitioned by record time in Asia/Kolkata (+05:30): records whose timestamps cross hours
 * and two midnights (a few of them an hour late, so paths alternate), two workers SIGKILLed
 * several times while records flow. Afterwards the manifests hold every record exactly once, each
 * record lies in a chunk under the dt=/hour= of its own timestamp in Kolkata, and a listing of the
 * bucket shows exactly the listed chunks, all under such paths.
 */
@ExtendWith(LocalStackExtension.class)
class TimePartitionedCrashIT {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final String TEMPLATE =
            "${topic}/dt=${yyyy}-${MM}-${dd}/hour=${HH}/${topic}+${partition}+${start}+${end}";
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd'/hour='HH");
    /** Kafka 4 refuses timestamps more than an hour ahead; in the past, retention (7 days) must not touch them. */
    private static final long BASE = ZonedDateTime.now(KOLKATA)
            .minusDays(4)
            .truncatedTo(ChronoUnit.DAYS)
            .with(LocalTime.of(21, 0))
            .toInstant()
            .toEpochMilli();

    private static final int PARTITIONS = 2;

    /** Global record {@code i}: 30 s apart (50 hours for 6,000 records), every 499th one hour late. */
    static long timestamp(long i) {
        long t = BASE + i * 30_000L;
        return i % 499 == 498 ? t - 3_600_000L : t;
    }

    static String dayHour(long timestamp) {
        return Instant.ofEpochMilli(timestamp).atZone(KOLKATA).format(DAY_HOUR);
    }

    @Test
    void everyRecordExactlyOnceUnderItsKolkataHourAfterWorkersKilledMidStream(LocalStack stack) throws Exception {
        int records = 6_000;
        int perSecond = 1_000;
        int kills = 3;
        SinkStack s = new SinkStack(stack, 2, o -> o);
        String topic = "kolkata-file-events";
        s.createTopic(topic, PARTITIONS);
        Map<String, String> config = s.exampleConfig(
                s.s3.endpoint(),
                Map.of(
                        "topics.regex", topic,
                        "tasks.max", "2",
                        "s3.prefix", "lake",
                        "s3.key.template", TEMPLATE,
                        "timezone", "Asia/Kolkata",
                        "timestamp.extractor", "Record",
                        "chunk.max.records", "500",
                        // the last chunk of a partition is sealed by the clock (no record of a later hour
                        // follows it); all other boundaries are hour changes and counts, rebuilt alike on replay
                        "chunk.rotate.schedule.interval.ms", "4000",
                        "manifest.segment.max.entries", "20"));
        s.rest().configureConnector("kolkata-sink", config);
        s.awaitRunning("kolkata-sink", 2, Duration.ofSeconds(60));

        CompletableFuture<Map<Integer, Long>> producing =
                CompletableFuture.supplyAsync(() -> produce(s, topic, records, perSecond));
        Random random = new Random(7);
        long durationMs = records * 1000L / perSecond;
        for (int k = 0; k < kills; k++) {
            SinkStack.sleep(Math.max(
                    500, durationMs / (kills + 1) / 2 + random.nextInt((int) Math.max(1, durationMs / (kills + 1)))));
            ConnectWorker victim = s.cluster.worker(random.nextInt(2));
            victim.kill9();
            SinkStack.sleep(500 + random.nextInt(1500));
            victim.restart();
        }
        Map<Integer, Long> ends = producing.get();
        assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(records);
        ObjectLayout layout = new ObjectLayout(
                "lake", TEMPLATE, new JsonLinesEnvelopeFormat().extension() + Compression.GZIP.extension());
        s.awaitManifestsCover(layout, topic, ends, Duration.ofSeconds(150), "kolkata-sink");
        s.awaitRunning("kolkata-sink", 2, Duration.ofSeconds(60));
        System.out.println("[kolkata] " + kills + " SIGKILLs over " + records + " records; recovery paths taken: "
                + s.recoveryEvents());

        // 1. the manifests: every record exactly once, in order, no gaps, no unlisted object under the topic
        assertThat(s.verifyExactlyOnce(layout, topic, ends)).isEqualTo(records);

        // 2. every record under the dt=/hour= of its own timestamp in Kolkata
        Pattern path =
                Pattern.compile("^lake/" + topic + "/(dt=\\d{4}-\\d{2}-\\d{2}/hour=\\d{2})/" + topic + "\\+(\\d+)\\+");
        Set<String> listed = new HashSet<>();
        Set<String> paths = new HashSet<>();
        int chunks = 0;
        int misplaced = 0;
        try (RemoteStore remote = s.remote()) {
            ColdScan scan = new ColdScan(remote, layout, new RemoteReadLimiter(4, 0));
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartitionId tp = new TopicPartitionId(topic, p);
                Map<String, String> pathOfKey = new HashMap<>();
                for (ChunkEntryRecord c : scan.chunks(tp)) {
                    Matcher m = path.matcher(c.key());
                    assertThat(m.find())
                            .as("key %s follows the template", c.key())
                            .isTrue();
                    assertThat(Integer.parseInt(m.group(2))).isEqualTo(p);
                    pathOfKey.put(c.key(), m.group(1));
                    paths.add(m.group(1));
                    listed.add(c.key());
                    chunks++;
                }
                int partition = p;
                int[] bad = {0};
                scan.scan(tp, 0, rec -> {
                    long offset = rec.envelope().get("offset").asLong();
                    long i = offset * PARTITIONS + partition; // produced round robin
                    long ts = rec.envelope().get("timestamp").asLong();
                    if (ts != timestamp(i)
                            || !rec.envelope().get("value").asText().equals(topic + "-" + partition + "-" + offset)
                            || !pathOfKey.get(rec.chunkKey()).equals(dayHour(ts))) {
                        bad[0]++;
                    }
                });
                misplaced += bad[0];
            }
        }
        System.out.println("[kolkata] " + chunks + " chunks under " + paths.size() + " dt=/hour= paths");
        assertThat(misplaced).as("records not under their own Kolkata hour").isZero();
        // the records span 50 hours and two midnights in Kolkata, not in UTC
        assertThat(paths.size()).isGreaterThanOrEqualTo(50);
        assertThat(paths).contains(dayHour(BASE), dayHour(BASE + 3 * 3_600_000L));
        assertThat(dayHour(BASE + 3 * 3_600_000L)).endsWith("/hour=00");

        // 3. a listing of the bucket, as a query engine sees it: exactly the listed chunks
        SinkStack.Listing listing = s.listing(layout, topic, PARTITIONS);
        assertThat(listing.unlisted()).as("objects no manifest lists").isEmpty();
        assertThat(listing.objects()).isEqualTo(listed.size());
    }

    /** Values "<topic>-<partition>-<n>" round robin over the partitions, record i with {@link #timestamp}. */
    private static Map<Integer, Long> produce(SinkStack s, String topic, int records, int perSecond) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        Map<Integer, Long> counts = new HashMap<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                int part = i % PARTITIONS;
                long n = counts.merge(part, 1L, Long::sum);
                producer.send(
                        new ProducerRecord<>(topic, part, timestamp(i), "k" + i, topic + "-" + part + "-" + (n - 1)));
                if (i % 100 == 0) {
                    long wait = start + (long) i * 1_000_000_000L / perSecond - System.nanoTime();
                    if (wait > 0) {
                        SinkStack.sleep(wait / 1_000_000);
                    }
                }
            }
            producer.flush();
        }
        return counts;
    }
}
