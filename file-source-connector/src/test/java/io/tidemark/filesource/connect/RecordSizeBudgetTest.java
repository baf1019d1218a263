/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.config.TaskFragment;
import io.tidemark.filesource.assign.HostPin;
import io.tidemark.filesource.testing.TestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line longer than what the producer accepts must never produce a record the producer refuses
 * (that would fail the task at the same line on every restart).
 */
class RecordSizeBudgetTest {

    private static final int TEN_MB = 10 * 1024 * 1024;
    /**
     * A conservative bound on the producer's framing of one record, as its size check counts it:
     * the record batch header (61 bytes), the record's length, attributes, timestamp delta, offset
     * delta, key length, value length and header count varints (5 + 1 + 10 + 5 + 5 + 5 + 5 bytes at
     * most), and two 5-byte length varints per header.
     */
    private static int framingUpperBound(int headers) {
        return 61 + 36 + headers * 10;
    }

    @TempDir
    Path tmp;

    private Path logs;
    private Map<String, String> props;
    private final TaskHarness worker = new TaskHarness();
    private final List<FileSourceTask> running = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        logs = Files.createDirectories(tmp.resolve("logs"));
        props = new HashMap<>();
        props.put("name", "files");
        props.put(FileSourceConfig.ROOTS_CONFIG, logs.toString());
        props.put(FileSourceConfig.FILE_HOST_CONFIG, HostPin.ANY_HOST);
        props.put(FileSourceConfig.TOPIC_CONFIG, "logs");
        props.put("checkpoint.store.dir", tmp.resolve("state").toString());
        props.put(FileSourceConfig.POLL_WAIT_CONFIG, "20");
        props.put(TaskFragment.CONNECTOR_NAME_CONFIG, "files");
    }

    @AfterEach
    void tearDown() {
        running.forEach(FileSourceTask::stop);
    }

    /** Serialized size as the producer checks it, with the String converter and the default header converter. */
    static int serializedUpperBound(SourceRecord r) {
        StringConverter strings = new StringConverter();
        strings.configure(Map.of(), false);
        SimpleHeaderConverter headers = new SimpleHeaderConverter();
        headers.configure(Map.of());
        int n = 0;
        if (r.key() != null) {
            n += strings.fromConnectData(r.topic(), r.keySchema(), r.key()).length;
        }
        n += r.value() instanceof byte[] b
                ? b.length
                : strings.fromConnectData(r.topic(), r.valueSchema(), r.value()).length;
        int count = 0;
        for (Header h : r.headers()) {
            n += h.key().getBytes(StandardCharsets.UTF_8).length;
            n += headers.fromConnectHeader(r.topic(), h.key(), h.schema(), h.value()).length;
            count++;
        }
        return n + framingUpperBound(count);
    }

    private static String longLine(char c, int n) {
        char[] chars = new char[n];
        Arrays.fill(chars, c);
        return new String(chars);
    }

    @Test
    void aTenMegabyteLineWithDefaultsFitsUnderTheDefaultMaxRequestSizeAndLaterLinesArrive() throws Exception {
        Path log = logs.resolve("app.log");
        TestFiles.append(log, longLine('x', TEN_MB) + "\n");
        TestFiles.lines(log, "after", 0, 3);
        FileSourceTask task = worker.start(props);
        running.add(task);

        List<SourceRecord> rs = worker.pollRecords(task, 4);

        assertThat(rs).hasSize(4);
        assertThat(serializedUpperBound(rs.get(0))).isLessThan(RecordSizeBudget.KAFKA_DEFAULT_MAX_REQUEST_SIZE);
        assertThat((String) rs.get(0).value()).startsWith("xxxx").hasSizeGreaterThan(1_000_000);
        assertThat(TaskHarness.values(rs.subList(1, 4))).containsExactly("after-0", "after-1", "after-2");
        assertThat(rs.get(1).sourceOffset().get(OffsetShape.POS)).isEqualTo((long) TEN_MB + 1 + "after-0\n".length());
    }

    @Test
    void aProducerOverrideRaisesTheBudget() throws Exception {
        props.put(RecordSizeBudget.MAX_REQUEST_SIZE_OVERRIDE, String.valueOf(4 << 20));
        props.put(FileSourceConfig.MAX_LINE_CONFIG, String.valueOf(3 << 20));
        Path log = logs.resolve("app.log");
        TestFiles.append(log, longLine('x', TEN_MB) + "\n");
        FileSourceTask task = worker.start(props);
        running.add(task);

        SourceRecord r = worker.pollRecords(task, 1).get(0);

        assertThat((String) r.value()).hasSize(3 << 20);
        assertThat(serializedUpperBound(r)).isLessThan(4 << 20);
    }

    @Test
    void textLongerInUtf8ThanInTheFilesCharsetIsCutToFit() throws Exception {
        props.put(FileSourceConfig.CHARSET_CONFIG, "ISO-8859-1");
        Path log = logs.resolve("app.log");
        byte[] latin1 = new byte[TEN_MB + 1];
        Arrays.fill(latin1, (byte) 0xE9); // 'é': one byte in ISO-8859-1, two in UTF-8
        latin1[TEN_MB] = '\n';
        TestFiles.append(log, latin1);
        TestFiles.lines(log, "after", 0, 1);
        FileSourceTask task = worker.start(props);
        running.add(task);

        List<SourceRecord> rs = worker.pollRecords(task, 2);

        assertThat(rs).hasSize(2);
        assertThat(serializedUpperBound(rs.get(0))).isLessThan(RecordSizeBudget.KAFKA_DEFAULT_MAX_REQUEST_SIZE);
        assertThat(rs.get(1).value()).isEqualTo("after-0");
    }

    @Test
    void longHeadersAreTakenFromTheValue() throws Exception {
        props.put(FileSourceConfig.HOST_CONFIG, longLine('h', 40_000)); // more than the 16 KiB kept for key and headers
        Path log = logs.resolve("app.log");
        TestFiles.append(log, longLine('x', TEN_MB) + "\n");
        FileSourceTask task = worker.start(props);
        running.add(task);

        SourceRecord r = worker.pollRecords(task, 1).get(0);

        assertThat(serializedUpperBound(r)).isLessThan(RecordSizeBudget.KAFKA_DEFAULT_MAX_REQUEST_SIZE);
        assertThat((String) r.value()).hasSizeGreaterThan(1_000_000);
    }

    @Test
    void fitNeverSplitsASurrogatePair() {
        String s = "a" + "\uD83D\uDE00".repeat(10);
        assertThat(RecordSizeBudget.fit(s, 6)).isEqualTo("a\uD83D\uDE00");
        assertThat(RecordSizeBudget.fit(s, 4)).isEqualTo("a");
        assertThat(RecordSizeBudget.fit(new byte[10], 3)).hasSize(3);
    }

    @Test
    void lineLimitIsLoweredOnlyWhenItWouldNotFit() {
        RecordSizeBudget defaults = RecordSizeBudget.from(Map.of());
        assertThat(defaults.maxLineBytes(1 << 20)).isEqualTo((1 << 20) - RecordSizeBudget.ENVELOPE_RESERVE_BYTES);
        assertThat(defaults.maxLineBytes(1000)).isEqualTo(1000);
        assertThat(RecordSizeBudget.from(Map.of(RecordSizeBudget.MAX_REQUEST_SIZE_OVERRIDE, "8388608"))
                        .maxLineBytes(1 << 20))
                .isEqualTo(1 << 20);
    }
}
