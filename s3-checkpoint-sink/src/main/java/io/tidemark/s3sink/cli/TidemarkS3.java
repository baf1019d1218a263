/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.EnvelopeCoordinates;
import io.tidemark.s3sink.manifest.ChunkEntryRecord;
import io.tidemark.s3sink.manifest.ManifestReader;
import io.tidemark.s3sink.manifest.ObjectLayout;
import io.tidemark.s3sink.manifest.PartitionManifest;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.RemoteReadLimiter;
import io.tidemark.s3sink.remote.RemoteStore;
import io.tidemark.s3sink.remote.RemoteStoreException;
import io.tidemark.s3sink.remote.RetryPolicy;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.restore.ChecksumMismatchException;
import io.tidemark.s3sink.restore.ChunkFetcher;
import io.tidemark.s3sink.restore.ChunkReader;
import io.tidemark.s3sink.restore.HotCache;
import io.tidemark.s3sink.restore.PartitionCatalog;
import io.tidemark.s3sink.restore.RestoreEngine;
import io.tidemark.s3sink.restore.RestoreException;
import io.tidemark.s3sink.restore.RestoreRange;
import io.tidemark.s3sink.restore.RestoreStats;
import io.tidemark.s3sink.restore.RestoredRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code tidemark-s3}: what the S3 checkpoint sink wrote, read through its manifests.
 *
 * <pre>
 * tidemark-s3 list   [--topic T]... [--json]
 * tidemark-s3 verify [--topic T]... [--partition N]... [--json]
 * tidemark-s3 export --topic T --partition N [--from OFFSET] [--to OFFSET] [--output FILE] [--json]
 * </pre>
 * Connection: {@code --config FILE} (a properties file with the connectors' setting names:
 * s3.bucket.name, s3.prefix, s3.region, s3.endpoint, s3.path.style.access, aws.access.key.id,
 * aws.secret.access.key, s3.key.template), or the same as flags ({@code --bucket}, {@code --prefix},
 * {@code --region}, {@code --endpoint}, {@code --path-style}, {@code --access-key-id},
 * {@code --secret-access-key}, {@code --key-template}); without keys the default AWS credential
 * chain applies (environment, profile, instance role). Exit codes: 0 done (verify: sound), 1 verify
 * found problems, 2 usage, 3 S3 or read failure, 4 a chunk failed its checksum (export).
 */
public final class TidemarkS3 {

    static final int OK = 0;
    static final int PROBLEMS = 1;
    static final int USAGE = 2;
    static final int FAILURE = 3;
    static final int CORRUPT = 4;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final String HELP = String.join(
            "\n",
            "Usage: tidemark-s3 <command> [options]",
            "Commands:",
            "  list     topics and partitions the sink's manifests hold: offset ranges, chunk counts, records, bytes",
            "  verify   every chunk against its manifest entry (checksum, record count) and the bucket listing:",
            "           lost (listed, not in the bucket), duplicated offsets, gaps, unlisted objects",
            "  export   one partition's records as JSON lines (key/value/header bytes as base64) to stdout or --output",
            "Options:",
            "  --topic T              restrict to topic T (repeatable; export: required)",
            "  --partition N          restrict to partition N (repeatable; export: required, once)",
            "  --from O / --to O      export: original offsets [O, O') (default: all)",
            "  --output FILE          export: write to FILE instead of stdout",
            "  --json                 machine-readable output (export: the summary on stderr)",
            "  --config FILE          properties with the connectors' settings (s3.bucket.name, s3.prefix, ...)",
            "  --bucket B --prefix P --region R --endpoint URL --path-style --key-template T",
            "  --access-key-id K --secret-access-key S   (default: the AWS default credential chain)",
            "Exit codes: 0 done/sound, 1 problems found, 2 usage, 3 S3 or read failure, 4 corrupt chunk (export)");

    private final PrintStream out;
    private final PrintStream err;

    TidemarkS3(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new TidemarkS3(System.out, System.err).run(args));
    }

    /** Parsed command line. */
    static final class Options {
        String command;
        final Map<String, String> settings = new HashMap<>();
        final List<String> topics = new ArrayList<>();
        final List<Integer> partitions = new ArrayList<>();
        long from = 0;
        long to = Long.MAX_VALUE;
        Path output;
        boolean json;
    }

    int run(String[] args) {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("tidemark-s3: " + e.getMessage());
            err.println(HELP);
            return USAGE;
        }
        if (o == null) {
            out.println(HELP);
            return OK;
        }
        S3Settings settings;
        ObjectLayout layout;
        try {
            settings = settings(o.settings);
            layout = new ObjectLayout(
                    o.settings.getOrDefault("s3.prefix", ""),
                    o.settings.getOrDefault("s3.key.template", ObjectLayout.DEFAULT_TEMPLATE),
                    "");
        } catch (IllegalArgumentException e) {
            err.println("tidemark-s3: " + e.getMessage());
            return USAGE;
        }
        try (RemoteStore remote = new RemoteStore(settings)) {
            return switch (o.command) {
                case "list" -> list(remote, layout, o);
                case "verify" -> verify(remote, layout, o);
                case "export" -> export(remote, layout, o);
                default -> throw new IllegalStateException(o.command);
            };
        } catch (ChecksumMismatchException e) {
            err.println("tidemark-s3: " + e.getMessage());
            return CORRUPT;
        } catch (RemoteStoreException | RestoreException | UncheckedIOException e) {
            err.println("tidemark-s3: " + e.getMessage());
            return FAILURE;
        } catch (IOException e) {
            err.println("tidemark-s3: " + e.getMessage());
            return FAILURE;
        }
    }

    static Options parse(String[] args) {
        Options o = new Options();
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help", "help" -> {
                    return null;
                }
                case "--json" -> o.json = true;
                case "--path-style" -> flags.put("s3.path.style.access", "true");
                case "--topic" -> o.topics.add(value(args, ++i, a));
                case "--partition" ->
                    o.partitions.add(number(value(args, ++i, a), a).intValue());
                case "--from" -> o.from = number(value(args, ++i, a), a);
                case "--to" -> o.to = number(value(args, ++i, a), a);
                case "--output" -> o.output = Path.of(value(args, ++i, a));
                case "--config" -> {
                    Path file = Path.of(value(args, ++i, a));
                    Properties p = new Properties();
                    try (InputStream in = Files.newInputStream(file)) {
                        p.load(in);
                    } catch (IOException e) {
                        throw new IllegalArgumentException("cannot read --config " + file + ": " + e.getMessage());
                    }
                    p.stringPropertyNames()
                            .forEach(k ->
                                    o.settings.putIfAbsent(k, p.getProperty(k).strip()));
                }
                case "--bucket" -> flags.put("s3.bucket.name", value(args, ++i, a));
                case "--prefix" -> flags.put("s3.prefix", value(args, ++i, a));
                case "--region" -> flags.put("s3.region", value(args, ++i, a));
                case "--endpoint" -> flags.put("s3.endpoint", value(args, ++i, a));
                case "--key-template" -> flags.put("s3.key.template", value(args, ++i, a));
                case "--access-key-id" -> flags.put("aws.access.key.id", value(args, ++i, a));
                case "--secret-access-key" -> flags.put("aws.secret.access.key", value(args, ++i, a));
                default -> {
                    if (a.startsWith("-") || o.command != null) {
                        throw new IllegalArgumentException("unknown argument '" + a + "'");
                    }
                    o.command = a;
                }
            }
        }
        o.settings.putAll(flags);
        if (o.command == null) {
            throw new IllegalArgumentException("no command given");
        }
        if (!List.of("list", "verify", "export").contains(o.command)) {
            throw new IllegalArgumentException("unknown command '" + o.command + "'");
        }
        if (o.command.equals("export") && (o.topics.size() != 1 || o.partitions.size() != 1)) {
            throw new IllegalArgumentException("export needs exactly one --topic and one --partition");
        }
        if (o.to <= o.from) {
            throw new IllegalArgumentException("--to must be greater than --from");
        }
        if (!o.command.equals("export") && (o.output != null || o.from != 0 || o.to != Long.MAX_VALUE)) {
            throw new IllegalArgumentException("--output, --from and --to belong to export");
        }
        return o;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static Long number(String s, String flag) {
        try {
            long v = Long.parseLong(s.strip());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number >= 0, was '" + s + "'");
        }
    }

    static S3Settings settings(Map<String, String> s) {
        String bucket = s.get("s3.bucket.name");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("no bucket: give --bucket or s3.bucket.name in --config");
        }
        String key = blankToNull(s.get("aws.access.key.id"));
        String secret = blankToNull(s.get("aws.secret.access.key"));
        if ((key == null) != (secret == null)) {
            throw new IllegalArgumentException(
                    "give both the access key id and the secret access key, or neither (default credential chain)");
        }
        String endpoint = blankToNull(s.get("s3.endpoint"));
        return new S3Settings(
                bucket.strip(),
                s.getOrDefault("s3.region", "us-east-1"),
                endpoint == null ? null : URI.create(endpoint),
                Boolean.parseBoolean(s.getOrDefault("s3.path.style.access", "false")),
                key,
                secret,
                S3Settings.SseType.NONE,
                null,
                S3Settings.MIN_PART_SIZE,
                S3Settings.MIN_PART_SIZE,
                ChecksumAlgorithm.CRC32C,
                new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5)),
                Duration.ofSeconds(60),
                8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static List<TopicPartitionId> partitions(RemoteStore remote, ObjectLayout layout, Options o) {
        List<String> topics = o.topics.isEmpty() ? PartitionCatalog.topics(remote, layout) : o.topics;
        List<TopicPartitionId> out = new ArrayList<>();
        for (String t : topics) {
            for (TopicPartitionId tp : PartitionCatalog.partitions(remote, layout, t)) {
                if (o.partitions.isEmpty() || o.partitions.contains(tp.partition())) {
                    out.add(tp);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ list

    int list(RemoteStore remote, ObjectLayout layout, Options o) throws IOException {
        ManifestReader reader = new ManifestReader(remote, layout, RemoteReadLimiter.unlimited());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TopicPartitionId tp : partitions(remote, layout, o)) {
            PartitionManifest m = reader.head(tp).orElse(null);
            if (m == null) {
                continue;
            }
            List<ChunkEntryRecord> chunks = reader.allChunks(m);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("topic", tp.topic());
            row.put("partition", tp.partition());
            row.put("firstOffset", chunks.isEmpty() ? null : chunks.get(0).startOffset());
            row.put(
                    "lastOffset",
                    chunks.isEmpty() ? null : chunks.get(chunks.size() - 1).endOffset());
            row.put("chunks", chunks.size());
            row.put("segments", m.segments().size());
            row.put(
                    "records",
                    chunks.stream().mapToLong(ChunkEntryRecord::recordCount).sum());
            row.put("bytes", chunks.stream().mapToLong(ChunkEntryRecord::bytes).sum());
            rows.add(row);
        }
        if (o.json) {
            out.println(JSON.writeValueAsString(Map.of("bucket", remote.bucket(), "partitions", rows)));
        } else {
            out.printf(
                    "%-30s %9s %14s %14s %8s %12s %14s%n",
                    "TOPIC", "PARTITION", "FIRST", "LAST", "CHUNKS", "RECORDS", "BYTES");
            for (Map<String, Object> r : rows) {
                out.printf(
                        "%-30s %9s %14s %14s %8s %12s %14s%n",
                        r.get("topic"),
                        r.get("partition"),
                        r.get("firstOffset"),
                        r.get("lastOffset"),
                        r.get("chunks"),
                        r.get("records"),
                        r.get("bytes"));
            }
            out.println(rows.size() + " partition(s) in s3://" + remote.bucket() + "/" + layout.manifestPrefix());
        }
        return OK;
    }

    // ------------------------------------------------------------------ verify

    int verify(RemoteStore remote, ObjectLayout layout, Options o) throws IOException {
        ManifestReader reader = new ManifestReader(remote, layout, RemoteReadLimiter.unlimited());
        Path scratch = Files.createTempDirectory("tidemark-s3-verify");
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean sound = true;
        try {
            HotCache cache = new HotCache(scratch, Long.MAX_VALUE);
            RestoreStats stats = new RestoreStats();
            ChunkFetcher fetcher = new ChunkFetcher(remote, new RemoteReadLimiter(2, 0), cache, stats);
            for (TopicPartitionId tp : partitions(remote, layout, o)) {
                Map<String, Object> row = verifyPartition(remote, layout, reader, fetcher, cache, tp);
                sound &= (Boolean) row.get("sound");
                rows.add(row);
            }
        } finally {
            deleteTree(scratch);
        }
        if (o.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("bucket", remote.bucket());
            doc.put("sound", sound);
            doc.put("partitions", rows);
            out.println(JSON.writeValueAsString(doc));
        } else {
            for (Map<String, Object> r : rows) {
                out.println(r.get("topic") + "-" + r.get("partition") + ": "
                        + (((Boolean) r.get("sound")) ? "OK" : "PROBLEMS")
                        + " chunks " + r.get("chunks") + ", records " + r.get("records") + ", offsets "
                        + r.get("firstOffset") + "-" + r.get("lastOffset") + ", checksum mismatches "
                        + r.get("checksumMismatches") + ", record count mismatches " + r.get("countMismatches")
                        + ", lost " + r.get("lost") + ", duplicated " + r.get("duplicates") + ", gaps " + r.get("gaps")
                        + ", out of order " + r.get("outOfOrder") + ", unlisted " + r.get("unlisted"));
                @SuppressWarnings("unchecked")
                List<String> problems = (List<String>) r.get("problems");
                problems.forEach(p -> out.println("  " + p));
            }
            out.println(sound ? "sound: every listed chunk matches its manifest entry" : "problems found");
        }
        return sound ? OK : PROBLEMS;
    }

    private Map<String, Object> verifyPartition(
            RemoteStore remote,
            ObjectLayout layout,
            ManifestReader reader,
            ChunkFetcher fetcher,
            HotCache cache,
            TopicPartitionId tp) {
        List<String> problems = new ArrayList<>();
        List<ChunkEntryRecord> chunks = reader.head(tp).map(reader::allChunks).orElse(List.of());
        Set<String> listedKeys = new HashSet<>();
        chunks.forEach(c -> listedKeys.add(c.key()));
        Map<String, Long> inBucket = new HashMap<>();
        remote.list(layout.partitionPrefix(tp), null, obj -> inBucket.put(obj.key(), obj.size()));
        long[] st = {-1, 0, 0, 0, 0, -1}; // last offset, records, duplicates, gaps, out of order, first
        long mismatches = 0;
        long countMismatches = 0;
        long lost = 0;
        for (ChunkEntryRecord c : chunks) {
            if (!inBucket.containsKey(c.key())) {
                lost++;
                problems.add("lost: " + c.key() + " (offsets " + c.startOffset() + "-" + c.endOffset()
                        + ") is listed but not in the bucket");
                continue;
            }
            Path file;
            try {
                file = fetcher.fetch(c);
            } catch (ChecksumMismatchException e) {
                mismatches++;
                problems.add("checksum: " + e.getMessage());
                continue;
            }
            long n = 0;
            try (ChunkReader r = new ChunkReader(c, file)) {
                for (RestoredRecord rec = r.next(); rec != null; rec = r.next()) {
                    n++;
                    long off = rec.offset();
                    if (st[5] < 0) {
                        st[5] = off;
                    }
                    if (st[0] >= 0) {
                        if (off == st[0]) {
                            st[2]++;
                        } else if (off < st[0]) {
                            st[4]++;
                        } else if (off > st[0] + 1) {
                            st[3] += off - st[0] - 1;
                        }
                    }
                    st[0] = Math.max(st[0], off);
                    st[1]++;
                }
            } catch (RestoreException | IllegalArgumentException e) {
                problems.add("unreadable: " + e.getMessage());
            } finally {
                cache.remove(c.key());
            }
            if (n != c.recordCount()) {
                countMismatches++;
                problems.add("count: " + c.key() + " holds " + n + " records, its entry says " + c.recordCount());
            }
        }
        List<String> unlisted = inBucket.keySet().stream()
                .filter(k -> !listedKeys.contains(k))
                .sorted()
                .toList();
        unlisted.forEach(k -> problems.add("unlisted: " + k + " is in the bucket but no manifest lists it"));
        if (st[2] > 0 || st[3] > 0 || st[4] > 0) {
            problems.add("offsets: " + st[2] + " duplicated, " + st[3] + " missing (gaps; expected on compacted or"
                    + " transactional topics), " + st[4] + " out of order");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("topic", tp.topic());
        row.put("partition", tp.partition());
        row.put("chunks", chunks.size());
        row.put("records", st[1]);
        row.put("firstOffset", st[5] < 0 ? null : st[5]);
        row.put("lastOffset", st[0] < 0 ? null : st[0]);
        row.put("checksumMismatches", mismatches);
        row.put("countMismatches", countMismatches);
        row.put("lost", lost);
        row.put("duplicates", st[2]);
        row.put("gaps", st[3]);
        row.put("outOfOrder", st[4]);
        row.put("unlisted", unlisted.size());
        row.put("sound", problems.isEmpty());
        row.put("problems", problems);
        return row;
    }

    // ------------------------------------------------------------------ export

    int export(RemoteStore remote, ObjectLayout layout, Options o) throws IOException {
        TopicPartitionId tp = new TopicPartitionId(o.topics.get(0), o.partitions.get(0));
        ManifestReader reader = new ManifestReader(remote, layout, RemoteReadLimiter.unlimited());
        if (reader.head(tp).isEmpty()) {
            err.println("tidemark-s3: no manifest of " + tp + " under s3://" + remote.bucket() + "/"
                    + layout.manifestPrefix());
            return FAILURE;
        }
        Path scratch = Files.createTempDirectory("tidemark-s3-export");
        RestoreStats stats = new RestoreStats();
        long written = 0;
        try (OutputStream sink = o.output == null
                        ? new NonClosing(out)
                        : new BufferedOutputStream(Files.newOutputStream(o.output), 256 * 1024);
                JsonGenerator g = JSON.getFactory().createGenerator(sink);
                RestoreEngine engine = new RestoreEngine(
                        remote,
                        layout,
                        new RemoteReadLimiter(2, 0),
                        new HotCache(scratch, 512L * 1024 * 1024),
                        new RestoreRange(o.from, o.to, Long.MIN_VALUE, Long.MAX_VALUE),
                        RestoreEngine.MismatchPolicy.FAIL,
                        stats,
                        () -> 0L)) {
            g.setRootValueSeparator(null);
            engine.add(tp, o.from);
            while (true) {
                List<RestoredRecord> batch = engine.poll(1000);
                if (batch.isEmpty()) {
                    break;
                }
                for (RestoredRecord r : batch) {
                    writeRecord(g, r);
                    g.writeRaw('\n');
                    written++;
                }
            }
            g.flush();
        } finally {
            deleteTree(scratch);
        }
        if (o.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("topic", tp.topic());
            doc.put("partition", tp.partition());
            doc.put("records", written);
            doc.put("chunksVerified", stats.chunksVerified());
            doc.put("bytesDownloaded", stats.bytesDownloaded());
            err.println(new ObjectMapper().writeValueAsString(doc));
        } else {
            err.println("exported " + written + " record(s) of " + tp + " from " + stats.chunksVerified()
                    + " verified chunk(s)" + (o.output == null ? "" : " to " + o.output));
        }
        return OK;
    }

    /** One record as a JSON object: bytes as base64, so keys, values and headers come out exactly. */
    static void writeRecord(JsonGenerator g, RestoredRecord r) throws IOException {
        g.writeStartObject();
        EnvelopeCoordinates.write(g, r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType());
        binary(g, "keyBase64", r.key());
        binary(g, "valueBase64", r.value());
        g.writeArrayFieldStart("headers");
        for (RestoredRecord.Header h : r.headers()) {
            g.writeStartObject();
            g.writeStringField("key", h.key());
            binary(g, "valueBase64", h.value());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void binary(JsonGenerator g, String field, byte[] b) throws IOException {
        if (b == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, java.util.Base64.getEncoder().encodeToString(b));
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }

    /** stdout must stay open after an export. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
