/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.verify;

import io.tidemark.stack.Sleep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumes a topic from the beginning to its current end (read_committed) and counts records, distinct
 * sequence numbers, duplicates and gaps, using a sequence extractor over the record (key/value as strings).
 * <pre>{@code
 * TopicVerifier.Result r = new TopicVerifier(bootstrap, "lines").verify(TopicVerifier.lastNumberInValue());
 * assertThat(r.missing(1, 3000)).isEmpty();
 * assertThat(r.duplicates()).isZero();
 * }</pre>
 */
public final class TopicVerifier {
    private final String bootstrapServers;
    private final String topic;
    private String isolation = "read_committed";

    public TopicVerifier(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    /** read_committed (default) or read_uncommitted. */
    public TopicVerifier isolation(String level) {
        this.isolation = level;
        return this;
    }

    /** Sequence = the last run of digits in the value (e.g. "line 42" -> 42). */
    public static ToLongFunction<ConsumerRecord<String, String>> lastNumberInValue() {
        Pattern p = Pattern.compile("(\\d+)(?!.*\\d)");
        return r -> {
            Matcher m = p.matcher(r.value() == null ? "" : r.value());
            if (!m.find()) {
                throw new IllegalArgumentException("no number in value at " + r.topic() + "-" + r.partition() + "@"
                        + r.offset() + ": " + r.value());
            }
            return Long.parseLong(m.group(1));
        };
    }

    /** Sequence = group 1 of the regex applied to the value. */
    public static ToLongFunction<ConsumerRecord<String, String>> regexOnValue(String regex) {
        Pattern p = Pattern.compile(regex);
        return r -> {
            Matcher m = p.matcher(r.value() == null ? "" : r.value());
            if (!m.find()) {
                throw new IllegalArgumentException("value does not match " + regex + ": " + r.value());
            }
            return Long.parseLong(m.group(1));
        };
    }

    /** Sequence = a numeric JSON field of the value (top level or nested with dots: "after.seq"). */
    public static ToLongFunction<ConsumerRecord<String, String>> jsonField(String path) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        return r -> {
            try {
                com.fasterxml.jackson.databind.JsonNode n = json.readTree(r.value());
                if (n.isTextual()) {
                    n = json.readTree(n.asText());
                }
                for (String part : path.split("\\.")) {
                    n = n.path(part);
                }
                if (!n.canConvertToLong()) {
                    throw new IllegalArgumentException("no numeric " + path + " in " + r.value());
                }
                return n.asLong();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("value is not JSON: " + r.value(), e);
            }
        };
    }

    /** Result of one pass over the topic. */
    public static final class Result {
        private final long records;
        private final Map<Long, Integer> seen;
        private final long min;
        private final long max;

        Result(long records, Map<Long, Integer> seen) {
            this.records = records;
            this.seen = seen;
            this.min = seen.keySet().stream().mapToLong(Long::longValue).min().orElse(0);
            this.max = seen.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        public long records() {
            return records;
        }

        public long distinct() {
            return seen.size();
        }

        /** Records beyond the first for each sequence number. */
        public long duplicates() {
            return records - seen.size();
        }

        public long min() {
            return min;
        }

        public long max() {
            return max;
        }

        /** Sequence numbers between min and max that never appeared. */
        public long gaps() {
            return seen.isEmpty() ? 0 : (max - min + 1) - seen.size();
        }

        /** Sequence numbers in [from, to] that never appeared (at most 1000 listed). */
        public List<Long> missing(long from, long to) {
            List<Long> out = new ArrayList<>();
            for (long s = from; s <= to && out.size() < 1000; s++) {
                if (!seen.containsKey(s)) {
                    out.add(s);
                }
            }
            return out;
        }

        /** How many times {@code seq} appeared. */
        public int occurrences(long seq) {
            return seen.getOrDefault(seq, 0);
        }

        @Override
        public String toString() {
            return "records=" + records + " distinct=" + distinct() + " duplicates=" + duplicates() + " gaps=" + gaps()
                    + " min=" + min + " max=" + max;
        }
    }

    /** Reads the topic from the beginning to the end offsets taken when called. */
    public Result verify(ToLongFunction<ConsumerRecord<String, String>> sequence) {
        Map<Long, Integer> seen = new HashMap<>();
        long records = 0;
        for (ConsumerRecord<String, String> r : readAll()) {
            records++;
            seen.merge(sequence.applyAsLong(r), 1, Integer::sum);
        }
        return new Result(records, seen);
    }

    /** Every record from the beginning to the current end (empty if the topic does not exist). */
    public List<ConsumerRecord<String, String>> readAll() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> parts = c.partitionsFor(topic, Duration.ofSeconds(30));
            if (parts == null || parts.isEmpty()) {
                return out;
            }
            List<TopicPartition> tps = new ArrayList<>();
            parts.forEach(pi -> tps.add(new TopicPartition(topic, pi.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!reachedEnd(c, end)) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "could not read " + topic + " to its end offsets " + end + " within 2 minutes");
                }
            }
        }
        return out;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Polls until the topic holds at least {@code n} records (by offsets) or fails after the timeout. */
    public static long awaitCount(String bootstrapServers, String topic, long n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = 0;
        try (Topics t = new Topics(bootstrapServers)) {
            while (true) {
                try {
                    last = t.count(topic);
                } catch (RuntimeException ignored) {
                    // not created yet
                }
                if (last >= n) {
                    return last;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "topic " + topic + " has " + last + " records after " + timeout + ", expected >= " + n);
                }
                Sleep.millis(200);
            }
        }
    }
}
