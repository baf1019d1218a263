/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.filesource.it.floor.FloorSourceConnector;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.Sleep;
import io.tidemark.stack.connect.ConnectWorker;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.connect.WorkerOptions;
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
import java.util.LinkedHashMap;
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
 * Side-by-side throughput, latency and idle cost on one broker and one worker JVM, both with
 * production JIT/GC flags. From the repository root:
 * {@code mvn -B -o -Psoak verify -pl file-source-connector -am -Dit.test=FileSourceBenchmarkIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.lines=N}, {@code -Dbench.rounds=R}, {@code -Dbench.sides=fs,on,...} to run some sides only,
 * {@code -Dbench.jfr=/tmp/worker.jfr} to record the worker, {@code -Dbench.latency=false} to skip the latency
 * and idle measurements). Prints BENCH lines and writes
 * target/benchmark-results.txt.
 */
@ExtendWith(LocalStackExtension.class)
@Tag("soak")
class FileSourceBenchmarkIT {

    private static final int LINES = Integer.getInteger("bench.lines", 500_000);
    private static final int LINE_BYTES = 100;

    private final List<String> report = new ArrayList<>();

    @Test
    void sideBySide(LocalStack stack) throws Exception {
        // production JIT and GC on both sides (the test defaults stop at C1 for a fast start)
        List<String> brokerJvm = new ArrayList<>(List.of("-Xms512m", "-Xmx768m", "-Djava.awt.headless=true"));
        brokerJvm.addAll(WorkerOptions.PRODUCTION_JVM_FLAGS);
        stack.startKafka(b -> b.jvmArgs(brokerJvm));
        var options = FileSourceStack.workerOptions(false).heap("-Xmx768m").productionJvm();
        // the "onnm" side: the same connector as "on", registering no metrics (a benchmark-only switch)
        options.jvmArg("-Dtidemark.metrics.disabled.connectors=bench-onnm-.*");
        String jfr = System.getProperty("bench.jfr"); // e.g. -Dbench.jfr=/tmp/worker.jfr to profile the worker
        if (jfr != null) {
            options.jvmArg("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        Path extraPlugins = stack.newDir("bench-plugins");
        PluginDirs.connectFile(extraPlugins);
        writeFloorPlugin(extraPlugins);
        options.pluginPath(extraPlugins);
        ConnectWorker worker = stack.startWorker(options);
        ConnectRestClient rest = worker.rest();
        String bootstrap = stack.kafka().bootstrapServers();

        Path data = stack.newDir("bench-data");
        Path big = data.resolve("big.log");
        writeLines(big, LINES);

        // Every configuration runs once per round, rounds rotate the order (a warm-up round first,
        // not reported, so that no side pays for the worker's JIT warm-up); medians are reported.
        Map<String, String> shipped = producerOverrides(tidemark(stack, data, "big.log", true));
        Map<String, String> fsShipped = withProducer(fileStream(big), shipped);
        Map<String, String> bare = withoutProducerOverrides(tidemark(stack, data, "big.log", true));
        bare.put("record.headers", "");
        bare.put("record.key", "none");
        Map<String, Side> sides = new LinkedHashMap<>();
        sides.put(
                "raw",
                new Side(
                        "raw producer, Connect's producer settings (acks=all, 1 in flight)",
                        (name, n) -> rawProducer(bootstrap, name, n, Map.of())));
        sides.put(
                "rawh",
                new Side(
                        "raw producer, Connect's producer settings, Tidemark's key and 5 headers",
                        (name, n) -> rawProducer(bootstrap, name, n, Map.of(), big)));
        sides.put(
                "fs",
                new Side(
                        "FileStreamSourceConnector (batch.size=2000), Connect's producer settings",
                        (name, n) -> throughput(stack, rest, name, fileStream(big), n)));
        sides.put(
                "off",
                new Side(
                        "Tidemark, Connect's producer settings, LMDB mirroring off",
                        (name, n) -> throughput(
                                stack,
                                rest,
                                name,
                                withoutProducerOverrides(tidemark(stack, data, "big.log", false)),
                                n)));
        sides.put(
                "on",
                new Side(
                        "Tidemark, Connect's producer settings, LMDB mirroring on",
                        (name, n) -> throughput(
                                stack,
                                rest,
                                name,
                                withoutProducerOverrides(tidemark(stack, data, "big.log", true)),
                                n)));
        sides.put(
                "onnm",
                new Side(
                        "Tidemark, Connect's producer settings, LMDB mirroring on, metrics off",
                        (name, n) -> throughput(
                                stack,
                                rest,
                                name,
                                withoutProducerOverrides(tidemark(stack, data, "big.log", true)),
                                n)));
        // the record shape's cost: key alone, then key and one header each (what each header costs)
        for (String shape : List.of("key", "path", "file.id", "offset", "line", "host", "path,offset")) {
            Map<String, String> c = withoutProducerOverrides(tidemark(stack, data, "big.log", true));
            c.put("record.key", "file.id");
            c.put("record.headers", shape.equals("key") ? "" : shape);
            String side = shape.equals("key")
                    ? "key"
                    : "kh-" + shape.replace('.', '_').replace(',', '_');
            sides.put(
                    side,
                    new Side(
                            "Tidemark, Connect's producer settings, file-id key, headers: "
                                    + (shape.equals("key") ? "none" : shape),
                            (name, n) -> throughput(stack, rest, name, c, n)));
        }
        sides.put(
                "bare",
                new Side(
                        "Tidemark, Connect's producer settings, no headers/key (FileStream's shape)",
                        (name, n) -> throughput(stack, rest, name, bare, n)));
        sides.put(
                "floor",
                new Side(
                        "Connect floor: a task returning pre-built records of FileStream's shape",
                        (name, n) -> throughput(stack, rest, name, floor(n), n)));
        sides.put(
                "floorh",
                new Side(
                        "Connect floor with the file-id key and all 5 headers",
                        (name, n) -> throughput(
                                stack,
                                rest,
                                name,
                                floorWithTidemarkShape(n, big, "path,file.id,offset,line,host"),
                                n)));
        sides.put(
                "floorkp",
                new Side(
                        "Connect floor with the defaults' record shape (file-id key, path header)",
                        (name, n) -> throughput(stack, rest, name, floorWithTidemarkShape(n, big, "path"), n)));
        sides.put(
                "on5",
                new Side(
                        "Tidemark, Connect's producer settings, LMDB mirroring on, file-id key and all 5 headers",
                        (name, n) -> {
                            Map<String, String> c = withoutProducerOverrides(tidemark(stack, data, "big.log", true));
                            c.put("record.headers", "path,file.id,offset,line,host");
                            return throughput(stack, rest, name, c, n);
                        }));
        sides.put(
                "raw+",
                new Side(
                        "raw producer, shipped producer settings",
                        (name, n) -> rawProducer(bootstrap, name, n, shipped)));
        sides.put(
                "rawh+",
                new Side(
                        "raw producer, shipped producer settings, Tidemark's key and 5 headers",
                        (name, n) -> rawProducer(bootstrap, name, n, shipped, big)));
        sides.put(
                "fs+",
                new Side(
                        "FileStreamSourceConnector, shipped producer settings",
                        (name, n) -> throughput(stack, rest, name, fsShipped, n)));
        sides.put(
                "floor+",
                new Side(
                        "Connect floor, shipped producer settings",
                        (name, n) -> throughput(stack, rest, name, withProducer(floor(n), shipped), n)));
        sides.put(
                "ours+",
                new Side(
                        "Tidemark as in config-examples (shipped producer settings, file-id key, default headers, LMDB)",
                        (name, n) -> throughput(stack, rest, name, tidemark(stack, data, "big.log", true), n)));
        String only = System.getProperty("bench.sides"); // e.g. -Dbench.sides=ours+ to profile one side
        if (only != null) {
            sides.keySet().retainAll(List.of(only.split(",")));
        }
        List<String> keys = new ArrayList<>(sides.keySet());
        Map<String, List<Double>> results = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>(); // CPU microseconds per line of the JVM doing the work
        keys.forEach(k -> results.put(k, new ArrayList<>()));
        keys.forEach(k -> cpu.put(k, new ArrayList<>()));
        long self = ProcessHandle.current().pid();
        for (int round = 0; round <= ROUNDS; round++) {
            for (int i = 0; i < keys.size(); i++) {
                String k = keys.get((i + round) % keys.size());
                String name = "bench-" + k.replace("+", "-shipped") + "-r" + round;
                if (round == 0) {
                    sides.get(k).run().apply(name, Math.max(1, LINES / 5)); // warm-up
                    Sleep.millis(2000); // the deleted connector may still be finishing its batch
                } else {
                    long pid = sides.get(k).inTestJvm() ? self : worker.pid();
                    long ticks = cpuTicks(pid);
                    double v = sides.get(k).run().apply(name, LINES);
                    results.get(k).add(v);
                    cpu.get(k).add((cpuTicks(pid) - ticks) * 10_000.0 / LINES); // USER_HZ = 100
                    System.out.printf("BENCH round %d %-6s %,10.0f lines/s%n", round, k, v);
                }
            }
        }
        report.add("BENCH " + LINES + " lines of " + LINE_BYTES + " bytes, one file, one task, " + ROUNDS
                + " rounds after a warm-up round; shipped producer settings = " + shipped);
        Map<String, Double> median = new LinkedHashMap<>();
        Map<String, Double> medianCpu = new LinkedHashMap<>();
        for (String k : keys) {
            List<Double> v = new ArrayList<>(results.get(k));
            v.sort(null);
            median.put(k, v.get(v.size() / 2));
            StringBuilder all = new StringBuilder();
            results.get(k).forEach(x -> all.append(String.format(" %,.0f", x)));
            List<Double> c = new ArrayList<>(cpu.get(k));
            c.sort(null);
            medianCpu.put(k, c.get(c.size() / 2));
            report.add(String.format(
                    "BENCH %-6s %-84s median %,10.0f lines/s, %5.2f us CPU/line (rounds:%s)",
                    k, sides.get(k).label(), median.get(k), c.get(c.size() / 2), all));
        }
        // ratios of the sides that ran, lines/s and CPU per line (a subset of sides still gets these)
        String[][] pairs = {
            {"on", "fs"},
            {"on", "floorkp"},
            {"on5", "floorh"},
            {"on5", "fs"},
            {"on", "on5"},
            {"bare", "fs"},
            {"bare", "floor"},
            {"floor", "fs"},
            {"on", "off"},
            {"on", "onnm"},
            {"ours+", "fs+"}
        };
        for (String[] pair : pairs) {
            if (median.containsKey(pair[0]) && median.containsKey(pair[1])) {
                report.add(String.format(
                        "BENCH ratio %s/%s = %.2fx lines/s, %.2fx CPU per line",
                        pair[0],
                        pair[1],
                        median.get(pair[0]) / median.get(pair[1]),
                        medianCpu.get(pair[0]) / medianCpu.get(pair[1])));
            }
        }
        if (only == null) { // ratios need every side
            report.add(String.format(
                    "BENCH Connect's producer settings on every side: tidemark/filestream = %.2fx,"
                            + " tidemark/raw = %.0f%%, mirroring cost = %.1f%%; FileStream's record shape: %.2fx, %.0f%% of raw",
                    median.get("on") / median.get("fs"),
                    100 * median.get("on") / median.get("raw"),
                    100 * (median.get("off") - median.get("on")) / median.get("off"),
                    median.get("bare") / median.get("fs"),
                    100 * median.get("bare") / median.get("raw")));
            report.add(String.format(
                    "BENCH same record shape as the raw producer: tidemark/raw-with-key-and-headers = %.0f%%"
                            + " (Connect's producer settings), %.0f%% (shipped)",
                    100 * median.get("on") / median.get("rawh"), 100 * median.get("ours+") / median.get("rawh+")));
            report.add(String.format(
                    "BENCH Connect floor / FileStream = %.2fx (Connect's producer settings), %.2fx (shipped):"
                            + " no source task of FileStream's record shape can exceed the floor",
                    median.get("floor") / median.get("fs"), median.get("floor+") / median.get("fs+")));
            report.add(String.format(
                    "BENCH defaults' record shape (file-id key, path header): tidemark/floor-with-that-shape = %.0f%%",
                    100 * median.get("on") / median.get("floorkp")));
            report.add(String.format(
                    "BENCH shipped producer settings on every side: tidemark/filestream = %.2fx,"
                            + " tidemark/raw = %.0f%%; tidemark as shipped / FileStream as documented = %.2fx",
                    median.get("ours+") / median.get("fs+"),
                    100 * median.get("ours+") / median.get("raw+"),
                    median.get("ours+") / median.get("fs")));
        }

        if (Boolean.parseBoolean(
                System.getProperty("bench.latency", "true"))) { // -Dbench.latency=false: throughput only
            latency(stack, rest);
            idleCpu(stack, rest, worker);
        }

        Path out = Path.of("target", "benchmark-results.txt");
        Files.write(out, report, StandardCharsets.UTF_8);
        report.forEach(System.out::println);
        assertThat(median.values()).allMatch(v -> v > 0);
    }

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    /** One configuration under test: runs {@code n} lines under a unique name, returns lines/s. */
    private record Side(String label, java.util.function.BiFunction<String, Integer, Double> run) {
        /** Raw producer sides run in this JVM; the connectors in the worker. */
        boolean inTestJvm() {
            return label.startsWith("raw producer");
        }
    }

    private static Map<String, String> fileStream(Path file) {
        return Map.of(
                "connector.class",
                "org.apache.kafka.connect.file.FileStreamSourceConnector",
                "tasks.max",
                "1",
                "file",
                file.toString(),
                "batch.size",
                "2000");
    }

    private static final String OVERRIDE = "producer.override.";

    /** The producer settings a connector config overrides, without the prefix. */
    private static Map<String, String> producerOverrides(Map<String, String> config) {
        Map<String, String> out = new java.util.TreeMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith(OVERRIDE)) {
                out.put(k.substring(OVERRIDE.length()), v);
            }
        });
        return out;
    }

    private static Map<String, String> withProducer(Map<String, String> config, Map<String, String> producer) {
        Map<String, String> out = new HashMap<>(config);
        producer.forEach((k, v) -> out.put(OVERRIDE + k, v));
        return out;
    }

    private static Map<String, String> floor(int lines) {
        return Map.of(
                "connector.class",
                FloorSourceConnector.class.getName(),
                "tasks.max",
                "1",
                "lines",
                Integer.toString(lines),
                "line.bytes",
                Integer.toString(LINE_BYTES));
    }

    /** The floor with the file source's record shape: its key and these headers, same strings. */
    private static Map<String, String> floorWithTidemarkShape(int lines, Path file, String headers) {
        Map<String, String> c = new HashMap<>(floor(lines));
        c.put("shape", "tidemark");
        c.put("headers", headers);
        c.put("path", file.toString());
        c.put("host", hostName());
        return c;
    }

    /** Adds a plugin directory with the floor connector's classes (from this module's test classes). */
    private static void writeFloorPlugin(Path pluginPathDir) throws IOException {
        Path classes = Path.of(java.net.URI.create(FloorSourceConnector.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toString()));
        String pkg = FloorSourceConnector.class.getPackageName().replace('.', '/');
        Path lib = Files.createDirectories(pluginPathDir.resolve("floor").resolve("lib"));
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(lib.resolve("floor.jar")));
                var files = Files.list(classes.resolve(pkg))) {
            jar.putNextEntry(
                    new java.util.jar.JarEntry("META-INF/services/org.apache.kafka.connect.source.SourceConnector"));
            jar.write((FloorSourceConnector.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            for (Path f : (Iterable<Path>) files::iterator) {
                jar.putNextEntry(new java.util.jar.JarEntry(pkg + "/" + f.getFileName()));
                jar.write(Files.readAllBytes(f));
            }
        }
    }

    private static Map<String, String> withoutProducerOverrides(Map<String, String> config) {
        Map<String, String> out = new HashMap<>(config);
        out.keySet().removeIf(k -> k.startsWith(OVERRIDE));
        return out;
    }

    private Map<String, String> tidemark(LocalStack stack, Path root, String include, boolean mirror) {
        Map<String, String> o = new HashMap<>();
        o.put("exactly.once.support", null);
        o.put("file.include", include);
        o.put("checkpoint.mirror.enabled", Boolean.toString(mirror));
        o.put("topic", "unused");
        Map<String, String> c =
                new HashMap<>(FileSourceStack.exampleConfig(root, stack.newDir("bench-state-" + System.nanoTime()), o)
                        .config());
        return c;
    }

    private double throughput(
            LocalStack stack, ConnectRestClient rest, String name, Map<String, String> base, int lines) {
        Map<String, String> config = new HashMap<>(base);
        config.put("topic", name);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        try (Topics t = new Topics(stack.kafka().bootstrapServers())) {
            t.create(name, 1);
            long start = System.nanoTime();
            rest.configureConnector(name, config);
            long deadline = start + Duration.ofMinutes(10).toNanos();
            while (t.count(name) < lines) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + " reached only " + t.count(name) + " records in 10 minutes");
                }
                Sleep.millis(100);
            }
            double secs = (System.nanoTime() - start) / 1e9;
            rest.deleteConnector(name);
            return lines / secs;
        }
    }

    private double rawProducer(String bootstrap, String topic, int n, Map<String, String> overrides) {
        return rawProducer(bootstrap, topic, n, overrides, null);
    }

    /**
     * A tight producer loop; with {@code shapeOf} set, each record carries the key and the five
     * headers the file source sends for a line of that file (same strings, numbers as decimal text
     * as the worker's SimpleHeaderConverter writes them), so it is the limit for that record shape.
     */
    private double rawProducer(String bootstrap, String topic, int n, Map<String, String> overrides, Path shapeOf) {
        try (Topics t = new Topics(bootstrap)) {
            t.create(topic, 1);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.putAll(overrides);
        byte[] value = "x".repeat(LINE_BYTES - 1).getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] path = shapeOf == null ? null : shapeOf.toString().getBytes(StandardCharsets.UTF_8);
            byte[] id = "64768:1234567:0123456789abcdef".getBytes(StandardCharsets.UTF_8); // a file id's length
            byte[] host = shapeOf == null ? null : hostName().getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < n; i++) {
                if (shapeOf == null) {
                    producer.send(new ProducerRecord<>(topic, value));
                    continue;
                }
                var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
                headers.add("tidemark.path", path);
                headers.add("tidemark.file.id", id);
                headers.add(
                        "tidemark.offset", Long.toString((long) i * LINE_BYTES).getBytes(StandardCharsets.UTF_8));
                headers.add("tidemark.line", Long.toString(i + 1L).getBytes(StandardCharsets.UTF_8));
                headers.add("tidemark.host", host);
                producer.send(new ProducerRecord<>(topic, null, null, id, value, headers));
            }
            producer.flush();
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
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
        rest.configureConnector("bench-latency", config);
        rest.awaitRunning("bench-latency", 1, Duration.ofSeconds(60));
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        List<Long> lat = new ArrayList<>();
        List<long[]> samples = new ArrayList<>(); // seq, write->send, send->receive
        int n = 1000;
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("bench-latency", 0);
            c.assign(List.of(tp));
            c.seekToEnd(List.of(tp));
            c.position(tp);
            Thread writer = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    try {
                        Files.writeString(
                                log, "t=" + System.currentTimeMillis() + " seq " + i + "\n", StandardOpenOption.APPEND);
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
                    long written =
                            Long.parseLong(r.value().substring(2, r.value().indexOf(' ')));
                    lat.add(now - written);
                    long seq = Long.parseLong(r.value().substring(r.value().lastIndexOf(' ') + 1));
                    samples.add(new long[] {seq, r.timestamp() - written, now - r.timestamp()});
                }
            }
            writer.join();
        }
        lat.sort(null);
        samples.sort((a, b) -> Long.compare(b[1] + b[2], a[1] + a[2]));
        StringBuilder worst =
                new StringBuilder("BENCH slowest 15 lines (seq: file->producer.send + send->consumer ms):");
        for (long[] s : samples.subList(0, Math.min(15, samples.size()))) {
            worst.append(String.format(" %d: %d+%d", s[0], s[1], s[2]));
        }
        report.add(worst.toString());
        report.add(String.format(
                "BENCH append-to-Kafka latency at 100 lines/s: p50 %d ms, p99 %d ms, max %d ms (%d samples)",
                lat.get(lat.size() / 2), lat.get((int) (lat.size() * 0.99)), lat.get(lat.size() - 1), lat.size()));
        rest.deleteConnector("bench-latency");
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
            rest.configureConnector("bench-idle", config);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (t.count("bench-idle") < 1000 && System.nanoTime() < deadline) {
                Sleep.millis(200);
            }
        }
        Sleep.millis(5000);
        double tailing = cpuPercent(worker.pid(), 30);
        report.add(String.format(
                "BENCH 1,000 idle files (all open) tailed by one task: worker CPU %.2f%% of one core"
                        + " (same worker, no connector: %.2f%%; difference %.2f%%)",
                tailing, baseline, tailing - baseline));
        rest.deleteConnector("bench-idle");
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
}
