package io.tidemark.filesource.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.Sleep;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.rest.ConnectRestClient;
import io.tidemark.stack.verify.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Side-by-side throughput, latency and idle cost on one broker and one worker JVM:
 * {@code mvn -B -f file-source-connector verify -Psoak -Dit.test=FileSourceBenchmarkIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}. Prints BENCH lines and writes target/benchmark-results.txt.
 */
@ExtendWith(LocalStackExtension.class)
@Tag("soak")
class FileSourceBenchmarkIT {

    private static final int LINES = Integer.getInteger("bench.lines", 500_000);
    private static final int LINE_BYTES = 100;

    private final List<String> report = new ArrayList<>();

    @Test
    void sideBySide(LocalStack stack) throws Exception {
        stack.startKafka();
        var options = FileSourceStack.workerOptions(false).heap("-Xmx768m");
        options.pluginPath(PluginDirs.connectFile(stack.newDir("connect-file-plugin")));
        ConnectWorker worker = stack.startWorker(options);
        ConnectRestClient rest = worker.rest();
        String bootstrap = stack.kafka().bootstrapServers();

        Path data = stack.newDir("bench-data");
        Path big = data.resolve("big.log");
        writeLines(big, LINES);

        double raw = rawProducer(bootstrap, "bench-raw", LINES);
        report("raw producer (acks=all, 1 in flight, as Connect's producer)", raw);

        double fileStream = throughput(stack, rest, "bench-filestream", Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector", "tasks.max", "1",
                "file", big.toString(), "batch.size", "2000"));
        report("FileStreamSourceConnector", fileStream);

        double off = throughput(stack, rest, "bench-tidemark-nomirror", tidemark(stack, data, "big.log", false));
        report("Tidemark file source, mirroring off", off);
        double on = throughput(stack, rest, "bench-tidemark", tidemark(stack, data, "big.log", true));
        report("Tidemark file source, LMDB mirroring on", on);
        Map<String, String> bare = tidemark(stack, data, "big.log", true);
        bare.put("record.headers.enabled", "false");
        bare.put("record.key", "none");
        double bareOn = throughput(stack, rest, "bench-tidemark-bare", bare);
        report("Tidemark, mirroring on, no headers/key (FileStream's record shape)", bareOn);

        report.add(String.format("BENCH ratio tidemark/filestream = %.2fx, tidemark/raw = %.0f%%, mirroring cost = %.1f%%;"
                + " same record shape: tidemark/filestream = %.2fx, tidemark/raw = %.0f%%",
                on / fileStream, 100 * on / raw, 100 * (off - on) / off, bareOn / fileStream, 100 * bareOn / raw));

        latency(stack, rest);
        idleCpu(stack, rest, worker);

        Path out = Path.of("target", "benchmark-results.txt");
        Files.write(out, report, StandardCharsets.UTF_8);
        report.forEach(System.out::println);
        assertThat(on).isPositive();
    }

    private Map<String, String> tidemark(LocalStack stack, Path root, String include, boolean mirror) {
        Map<String, String> o = new HashMap<>();
        o.put("exactly.once.support", null);
        o.put("file.include", include);
        o.put("checkpoint.mirror.enabled", Boolean.toString(mirror));
        o.put("topic", "unused");
        Map<String, String> c = new HashMap<>(FileSourceStack.exampleConfig(root,
                stack.newDir("bench-state-" + System.nanoTime()), o).config());
        return c;
    }

    private double throughput(LocalStack stack, ConnectRestClient rest, String name, Map<String, String> base) {
        Map<String, String> config = new HashMap<>(base);
        config.put("topic", name);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        try (Topics t = new Topics(stack.kafka().bootstrapServers())) {
            t.create(name, 1);
            long start = System.nanoTime();
            rest.createOrUpdate(name, config);
            long deadline = start + Duration.ofMinutes(10).toNanos();
            while (t.count(name) < LINES) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + " reached only " + t.count(name) + " records in 10 minutes");
                }
                Sleep.millis(100);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            rest.delete(name);
            return LINES / secs;
        }
    }

    private double rawProducer(String bootstrap, String topic, int n) {
        try (Topics t = new Topics(bootstrap)) {
            t.create(topic, 1);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        byte[] value = "x".repeat(LINE_BYTES - 1).getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** 100 lines/s carrying their write time; p50/p99 of (consumer receive - write). */
    private void latency(LocalStack stack, ConnectRestClient rest) throws Exception {
        Path dir = stack.newDir("bench-latency");
        Path log = dir.resolve("lat.log");
        Files.createFile(log);
        Map<String, String> config = new HashMap<>(tidemark(stack, dir, "lat.log", true));
        config.put("topic", "bench-latency");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        try (Topics t = new Topics(stack.kafka().bootstrapServers())) {
            t.create("bench-latency", 1);
        }
        rest.createOrUpdate("bench-latency", config);
        rest.awaitRunning("bench-latency", 1, Duration.ofSeconds(60));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        List<Long> lat = new ArrayList<>();
        int n = 1000;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("bench-latency", 0);
            c.assign(List.of(tp));
            c.seekToEnd(List.of(tp));
            c.position(tp);
            Thread writer = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    try {
                        Files.writeString(log, "t=" + System.currentTimeMillis() + " seq " + i + "\n", StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    Sleep.millis(10);
                }
            });
            writer.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (lat.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    long written = Long.parseLong(r.value().substring(2, r.value().indexOf(' ')));
                    lat.add(now - written);
                }
            }
            writer.join();
        }
        lat.sort(null);
        report.add(String.format("BENCH append-to-Kafka latency at 100 lines/s: p50 %d ms, p99 %d ms, max %d ms (%d samples)",
                lat.get(lat.size() / 2), lat.get((int) (lat.size() * 0.99)), lat.get(lat.size() - 1), lat.size()));
        rest.delete("bench-latency");
    }

    /** 1,000 idle files tailed by one task: the worker's CPU over 30 s, against the same worker with no connector. */
    private void idleCpu(LocalStack stack, ConnectRestClient rest, ConnectWorker worker) throws Exception {
        Sleep.millis(5000);
        double baseline = cpuPercent(worker.pid(), 30);
        Path dir = stack.newDir("bench-idle");
        for (int i = 0; i < 1000; i++) {
            Files.writeString(dir.resolve("idle-" + i + ".log"), "line of file " + i + "\n");
        }
        Map<String, String> config = new HashMap<>(tidemark(stack, dir, "*.log", true));
        config.put("topic", "bench-idle");
        config.put("file.max.open", "2000");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        try (Topics t = new Topics(stack.kafka().bootstrapServers())) {
            t.create("bench-idle", 1);
            rest.createOrUpdate("bench-idle", config);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (t.count("bench-idle") < 1000 && System.nanoTime() < deadline) {
                Sleep.millis(200);
            }
        }
        Sleep.millis(5000);
        double tailing = cpuPercent(worker.pid(), 30);
        report.add(String.format("BENCH 1,000 idle files (all open) tailed by one task: worker CPU %.2f%% of one core"
                + " (same worker, no connector: %.2f%%; difference %.2f%%)", tailing, baseline, tailing - baseline));
        rest.delete("bench-idle");
    }

    private static double cpuPercent(long pid, int seconds) throws IOException {
        long before = cpuTicks(pid);
        long t0 = System.nanoTime();
        Sleep.millis(seconds * 1000L);
        long after = cpuTicks(pid);
        double wall = (System.nanoTime() - t0) / 1e9;
        return 100.0 * (after - before) / 100.0 / wall; // USER_HZ = 100
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    private static void writeLines(Path p, int n) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            String pad = "x".repeat(LINE_BYTES);
            for (int i = 0; i < n; i++) {
                String head = "line " + i + " ";
                w.write(head);
                w.write(pad, 0, LINE_BYTES - 1 - head.length());
                w.write('\n');
            }
        }
    }

    private void report(String what, double linesPerSecond) {
        String line = String.format("BENCH %-62s %,10.0f lines/s (%d lines of %d bytes)", what, linesPerSecond, LINES,
                LINE_BYTES);
        report.add(line);
        System.out.println(line);
    }
}
