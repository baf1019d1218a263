/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.stack.connect.WorkerOptions;
import io.tidemark.stack.rest.ConnectRestClient;
import io.tidemark.stack.rest.ConnectorConfig;
import io.tidemark.stack.rest.ConnectorStatus;
import io.tidemark.stack.verify.FileAppender;
import io.tidemark.stack.verify.MongoWriter;
import io.tidemark.stack.verify.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The main job: starts a KRaft broker, one Connect worker, s3proxy and MongoDB (mongo-java-server, or the one named
 * by MONGODB_URI), deploys every connector config whose class the worker has, feeds sample data and prints what
 * happens every few seconds. Ctrl-C stops everything. See {@link DemoOptions#USAGE}.
 */
public final class Demo {
    private final DemoOptions opts;
    private final PrintStream out;
    private final List<String> deployed = new ArrayList<>();
    private LocalStack stack;
    private LocalStack.Services services;
    private FileAppender appender;
    private MongoClient mongoClient;
    private MongoWriter mongoWriter;
    private ScheduledExecutorService feeder;
    private long startNanos;
    private volatile boolean stopping;

    Demo(DemoOptions opts, PrintStream out) {
        this.opts = opts;
        this.out = out;
    }

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "io/tidemark/demo/log4j2-demo.properties");
        }
        DemoOptions opts;
        try {
            opts = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.println(DemoOptions.USAGE);
            System.exit(64);
            return;
        }
        System.exit(new Demo(opts, System.out).run(true));
    }

    /** Runs the demo; returns the exit code. Interactive mode (no --headless-seconds) returns only on Ctrl-C. */
    public static int run(String[] args, PrintStream out) {
        return new Demo(DemoOptions.parse(args), out).run(false);
    }

    int run(boolean installHook) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    out.println("\n[demo] stopping...");
                    shutdown();
                    stopped.countDown();
                },
                "demo-shutdown");
        try {
            start();
            if (installHook || opts.headlessSeconds() <= 0) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            if (opts.headlessSeconds() <= 0) {
                out.println("[demo] running; Ctrl-C stops everything");
                while (true) {
                    printStatus();
                    if (stopped.await(opts.intervalSeconds(), TimeUnit.SECONDS)) {
                        return 0;
                    }
                }
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(opts.headlessSeconds());
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(
                        TimeUnit.SECONDS.toMillis(opts.intervalSeconds()),
                        Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
                printStatus();
            }
            return verdict();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            out.println("[demo] FAILED: " + e);
            e.printStackTrace(out);
            return 1;
        } finally {
            if (opts.headlessSeconds() > 0) {
                shutdown();
                if (installHook) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException ignored) {
                        // JVM already exiting
                    }
                }
            }
        }
    }

    private void start() {
        stack = opts.state() != null ? LocalStack.at(opts.state()) : LocalStack.create("demo");
        stack.keepState();
        Path state = stack.stateDir();
        List<Path> pluginPath = pluginPath(state);
        startNanos = System.nanoTime();
        // As config-examples/workers/connect-distributed.properties: the example source connectors
        // ask for exactly.once.support=required, which needs exactly-once source support on the worker.
        WorkerOptions wo = WorkerOptions.defaults()
                .pluginPath(pluginPath)
                .offsetFlushIntervalMs(5000)
                .exactlyOnceSourceSupport("enabled")
                .groupId("tidemark-demo");
        services = stack.startAll(opts.bucket(), wo);
        out.printf(
                "[demo] broker + worker + s3proxy + mongo ready in %.1f s%n", (System.nanoTime() - startNanos) / 1e9);
        Path logDir = stack.newDir("demo-logs");
        Path logFile = logDir.resolve("demo.log");
        appender = new FileAppender(logFile, "demo event");

        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("S3_ENDPOINT", services.s3().endpoint().toString());
        vars.put("S3_ACCESS_KEY", services.s3().accessKey());
        vars.put("S3_SECRET_KEY", services.s3().secretKey());
        vars.put("S3_BUCKET", services.s3().bucket());
        vars.put("S3_REGION", services.s3().region());
        vars.put("MONGODB_URI", services.mongo().uri());
        vars.put("MONGODB_DATABASE", "demo");
        vars.put("MONGODB_COLLECTION", "events");
        vars.put("DEMO_LOG_DIR", logDir.toString());
        vars.put("DEMO_LOG_FILE", logFile.toString());
        vars.put("DEMO_STATE_DIR", state.toString());
        vars.put("KAFKA_BOOTSTRAP_SERVERS", services.kafka().bootstrapServers());
        vars.put("BOOTSTRAP_SERVERS", services.kafka().bootstrapServers());
        deploy(vars);

        if (opts.feed()) {
            mongoClient = services.mongo().client();
            mongoWriter = new MongoWriter(mongoClient.getDatabase("demo").getCollection("events"));
            feeder = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "demo-feeder");
                t.setDaemon(true);
                return t;
            });
            feeder.scheduleAtFixedRate(this::feedOnce, 0, 1, TimeUnit.SECONDS);
        }
        printWhereThingsAre(vars);
    }

    private List<Path> pluginPath(Path state) {
        List<Path> out = new ArrayList<>();
        for (Path p : opts.plugins()) {
            if (Files.isRegularFile(p) && p.toString().endsWith(".zip")) {
                out.add(PluginDirs.unzipHubZip(
                        p,
                        state.resolve("plugins")
                                .resolve(p.getFileName().toString().replaceAll("\\.zip$", ""))));
            } else if (Files.isDirectory(p)) {
                List<Path> zips = zipsIn(p);
                if (!zips.isEmpty()) {
                    for (Path z : zips) {
                        out.add(PluginDirs.unzipHubZip(
                                z,
                                state.resolve("plugins")
                                        .resolve(z.getFileName().toString().replaceAll("\\.zip$", ""))));
                    }
                } else {
                    out.add(p);
                }
            } else {
                this.out.println("[demo] note: plugin entry " + p + " does not exist; skipped");
            }
        }
        this.out.println("[demo] plugin.path: " + (out.isEmpty() ? "(empty: no connector plugin given)" : out));
        return out;
    }

    private static List<Path> zipsIn(Path dir) {
        List<Path> zips = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.zip")) {
            ds.forEach(zips::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        zips.sort(null);
        return zips;
    }

    private void deploy(Map<String, String> vars) {
        ConnectRestClient rest = services.worker().rest();
        List<String> installed = rest.connectorPlugins();
        out.println("[demo] connector plugins on the worker: " + installed);
        if (opts.configs() == null) {
            out.println("[demo] no --configs given: deploying nothing");
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(opts.configs(), "*.json")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + opts.configs(), e);
        }
        files.sort(null);
        for (Path f : files) {
            ConnectorConfig cfg;
            try {
                // ${STATE_DIR} is per config file, so connectors never share a checkpoint store directory
                Map<String, String> fileVars = new LinkedHashMap<>(vars);
                String text = Files.readString(f);
                if (text.contains("${STATE_DIR}")) {
                    Path connectorState = stack.stateDir()
                            .resolve("connector-state")
                            .resolve(f.getFileName().toString().replaceAll("\\.json$", ""));
                    Files.createDirectories(connectorState);
                    fileVars.put("STATE_DIR", connectorState.toString());
                }
                cfg = ConnectorConfig.parse(
                        ConnectorConfig.substitute(text, fileVars),
                        f.getFileName().toString());
            } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
                out.println("[demo] skip " + f.getFileName() + ": " + e.getMessage());
                continue;
            }
            if (cfg.connectorClass() == null) {
                out.println("[demo] skip " + f.getFileName() + ": no connector.class");
                continue;
            }
            if (!installed.contains(cfg.connectorClass())) {
                out.println("[demo] skip " + cfg.name() + " (" + f.getFileName() + "): " + cfg.connectorClass()
                        + " is not installed on the worker (build its module and pass it with --plugins)");
                continue;
            }
            rest.configureConnector(cfg.name(), cfg.config());
            deployed.add(cfg.name());
            out.println("[demo] deployed " + cfg.name() + " (" + cfg.connectorClass() + ") from " + f.getFileName());
        }
        if (deployed.isEmpty()) {
            out.println("[demo] no connector deployed: none of the configs' connector classes is installed");
        }
    }

    private void feedOnce() {
        try {
            appender.append(20);
            long last = mongoWriter.insertOneByOne(5);
            if (last % 10 == 0) {
                mongoWriter.update(last - 9, last - 9);
                mongoWriter.delete(last - 8, last - 8);
            }
        } catch (RuntimeException e) {
            out.println("[demo] feed failed: " + e);
        }
    }

    private void printWhereThingsAre(Map<String, String> vars) {
        Path s = stack.stateDir();
        out.println("[demo] state under " + s + " (kept after exit)");
        out.println("  Connect REST   " + services.worker().restUrl() + "   e.g. curl "
                + services.worker().restUrl() + "connectors?expand=status");
        out.println("  Kafka          " + services.kafka().bootstrapServers() + "   data: " + s.resolve("kafka/data"));
        out.println("  S3 (s3proxy)   " + vars.get("S3_ENDPOINT") + " bucket " + vars.get("S3_BUCKET") + " access key "
                + vars.get("S3_ACCESS_KEY") + " secret " + vars.get("S3_SECRET_KEY") + "   objects on disk: "
                + s.resolve("s3/data").resolve(vars.get("S3_BUCKET")));
        out.println("  MongoDB        " + vars.get("MONGODB_URI") + " (demo.events)");
        out.println("  demo log       " + vars.get("DEMO_LOG_FILE") + (opts.feed() ? " (20 lines/s appended)" : ""));
        out.println("  logs           " + s.resolve("kafka/broker.log") + ", "
                + services.worker().logFile() + ", " + s.resolve("s3/s3proxy.log") + ", "
                + s.resolve("mongo/mongo.log"));
    }

    private Map<String, Long> topicCounts() {
        try (Topics t = new Topics(services.kafka().bootstrapServers())) {
            List<String> names = new ArrayList<>();
            for (String n : t.list()) {
                if (!n.startsWith("tidemark-demo-")) {
                    names.add(n);
                }
            }
            return names.isEmpty() ? Map.of() : t.counts(names);
        }
    }

    private List<String> s3Keys() {
        try (S3Client s3 = services.s3().client()) {
            List<String> keys = new ArrayList<>();
            for (S3Object o :
                    s3.listObjectsV2Paginator(b -> b.bucket(opts.bucket())).contents()) {
                keys.add(o.key());
            }
            return keys;
        }
    }

    private void printStatus() {
        if (stopping) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                "%n=== tidemark demo t+%ds   REST %s   Kafka %s%n",
                (System.nanoTime() - startNanos) / 1_000_000_000L,
                services.worker().restUrl(),
                services.kafka().bootstrapServers()));
        ConnectRestClient rest = services.worker().rest();
        sb.append("connectors:")
                .append(deployed.isEmpty() ? " (none deployed)" : "")
                .append('\n');
        for (String name : deployed) {
            try {
                ConnectorStatus st = rest.connectorStatus(name);
                sb.append("  ").append(st.summary()).append('\n');
                for (ConnectorStatus.TaskStatus t : st.tasks()) {
                    if (t.trace() != null) {
                        sb.append("    task ")
                                .append(t.id())
                                .append(" trace: ")
                                .append(t.trace()
                                        .lines()
                                        .limit(3)
                                        .reduce((a, b) -> a + " | " + b)
                                        .orElse(""))
                                .append('\n');
                    }
                }
                JsonNode offs = rest.connectorOffsets(name).path("offsets");
                for (JsonNode o : offs) {
                    sb.append("    checkpoint ")
                            .append(o.path("partition"))
                            .append(" -> ")
                            .append(o.path("offset"))
                            .append('\n');
                }
            } catch (RuntimeException e) {
                sb.append("  ").append(name).append(": ").append(e.getMessage()).append('\n');
            }
        }
        try {
            Map<String, Long> counts = new TreeMap<>(topicCounts());
            sb.append("topics (records):")
                    .append(counts.isEmpty() ? " (none)" : "")
                    .append('\n');
            counts.forEach(
                    (t, n) -> sb.append("  ").append(t).append(": ").append(n).append('\n'));
        } catch (RuntimeException e) {
            sb.append("topics: ").append(e.getMessage()).append('\n');
        }
        try {
            List<String> keys = s3Keys();
            sb.append("S3 bucket ")
                    .append(opts.bucket())
                    .append(": ")
                    .append(keys.size())
                    .append(" objects");
            if (!keys.isEmpty()) {
                sb.append(", e.g. ").append(keys.subList(Math.max(0, keys.size() - 3), keys.size()));
            }
            sb.append('\n');
        } catch (RuntimeException e) {
            sb.append("S3: ").append(e.getMessage()).append('\n');
        }
        if (opts.feed() && appender != null) {
            sb.append("fed: ")
                    .append(appender.lastSeq())
                    .append(" log lines, ")
                    .append(mongoWriter.nextSeq() - 1)
                    .append(" mongo documents\n");
        }
        out.print(sb);
    }

    private int verdict() {
        if (deployed.isEmpty()) {
            out.println("[demo] RESULT: nothing deployed (exit 2)");
            return 2;
        }
        ConnectRestClient rest = services.worker().rest();
        List<String> notRunning = new ArrayList<>();
        long topicRecords = 0;
        for (String name : deployed) {
            ConnectorStatus st = rest.connectorStatus(name);
            if (!st.isRunning(1)) {
                notRunning.add(st.summary());
            }
            try (Topics t = new Topics(services.kafka().bootstrapServers())) {
                List<String> topics = rest.connectorTopics(name);
                if (!topics.isEmpty()) {
                    topicRecords += t.counts(topics).values().stream()
                            .mapToLong(Long::longValue)
                            .sum();
                }
            }
        }
        int objects = s3Keys().size();
        if (!notRunning.isEmpty()) {
            out.println("[demo] RESULT: not RUNNING: " + notRunning + " (exit 3)");
            return 3;
        }
        if (topicRecords == 0 && objects == 0) {
            out.println(
                    "[demo] RESULT: all RUNNING but no data flowed: 0 records in the connectors' topics, 0 S3 objects (exit 4)");
            return 4;
        }
        out.println("[demo] RESULT: OK: " + deployed.size() + " connector(s) RUNNING, " + topicRecords
                + " records in their topics, " + objects + " S3 objects");
        return 0;
    }

    private synchronized void shutdown() {
        stopping = true;
        if (feeder != null) {
            feeder.shutdownNow();
            feeder = null;
        }
        if (mongoClient != null) {
            mongoClient.close();
            mongoClient = null;
        }
        if (stack != null) {
            stack.close();
            out.println("[demo] stopped; state kept under " + stack.stateDir());
            stack = null;
        }
    }
}
