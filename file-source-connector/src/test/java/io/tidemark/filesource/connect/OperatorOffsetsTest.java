/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.config.TaskFragment;
import io.tidemark.filesource.assign.HostPin;
import io.tidemark.filesource.identity.Hash64;
import io.tidemark.filesource.tail.StoredPosition;
import io.tidemark.filesource.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PATCH /connectors/NAME/offsets} as Connect hands it to {@code alterOffsets()}: an offset
 * that cannot apply at its position is rejected naming the field, a position-only offset is
 * accepted and resumed from exactly, and 64-bit hashes decode from integers and strings alike.
 */
class OperatorOffsetsTest {

    @TempDir
    Path tmp;

    private Path log;
    private Map<String, String> props;
    private final TaskHarness worker = new TaskHarness();
    private final List<FileSourceTask> running = new ArrayList<>();
    private final FileSourceConnector connector = new FileSourceConnector();
    private Map<String, ?> partition;
    /** The offset GET /connectors/NAME/offsets shows after line-19: pos 140, line 20, a 64-byte check. */
    private Map<String, Object> got;

    @BeforeEach
    void readTenLines() throws Exception {
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        log = logs.resolve("app.log");
        TestFiles.lines(log, "line", 0, 10); // "line-0\n" .. "line-9\n": 7 bytes each
        TestFiles.lines(log, "line", 10, 10); // "line-10\n" .. "line-19\n": 8 bytes each
        props = new HashMap<>();
        props.put("name", "files");
        props.put(FileSourceConfig.ROOTS_CONFIG, logs.toString());
        props.put(FileSourceConfig.FILE_HOST_CONFIG, HostPin.ANY_HOST);
        props.put(FileSourceConfig.TOPIC_CONFIG, "logs");
        props.put("checkpoint.store.dir", tmp.resolve("state").toString());
        props.put("checkpoint.flush.interval.ms", "10");
        props.put(FileSourceConfig.POLL_WAIT_CONFIG, "20");
        props.put(TaskFragment.CONNECTOR_NAME_CONFIG, "files");
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 20);
        assertThat(rs).hasSize(20);
        rs.forEach(r -> worker.ack(task, r));
        worker.flushConnectOffsets(task);
        task.stop();
        running.remove(task);
        partition = rs.get(19).sourcePartition();
        got = new HashMap<>(rs.get(19).sourceOffset());
        assertThat(got)
                .containsEntry(OffsetShape.POS, 150L)
                .containsEntry(OffsetShape.CHECK_LEN, 64L)
                .containsKeys(OffsetShape.CHECK, OffsetShape.FP);
    }

    @AfterEach
    void tearDown() {
        running.forEach(FileSourceTask::stop);
    }

    private FileSourceTask start() {
        FileSourceTask t = worker.start(props);
        running.add(t);
        return t;
    }

    /** The worker applies a PATCH: alterOffsets first, then Connect's own offsets. */
    private void patch(Map<String, Object> offset) {
        connector.alterOffsets(props, Map.of(partition, offset));
        worker.connectOffsets.put(partition, new HashMap<>(offset));
    }

    private List<String> resumedValues(int n) throws Exception {
        return TaskHarness.values(worker.pollRecords(start(), n));
    }

    private Map<String, Object> edited(Object... keyValues) {
        Map<String, Object> o = new HashMap<>(got);
        for (int i = 0; i < keyValues.length; i += 2) {
            o.put((String) keyValues[i], keyValues[i + 1]);
        }
        return o;
    }

    @Test
    void changingPosAndLineButKeepingCheckIsRejectedNamingCheck() {
        Map<String, Object> o = edited(OffsetShape.POS, 70L, OffsetShape.LINE, 10L);
        assertThatThrownBy(() -> connector.alterOffsets(props, Map.of(partition, o)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("'check' does not match the 64 bytes before 'pos' 70")
                .hasMessageContaining("Remove 'check' and 'check.len'");
    }

    @Test
    void checkLongerThanTheNewPosIsRejectedNamingCheckLen() {
        Map<String, Object> o = edited(OffsetShape.POS, 5L, OffsetShape.LINE, 0L);
        assertThatThrownBy(() -> connector.alterOffsets(props, Map.of(partition, o)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("'check.len' (64) cannot exceed 'pos' (5)")
                .hasMessageContaining("Remove 'check' and 'check.len'");
    }

    @Test
    void positionOnlyPatchWithoutCheckResumesExactlyAtPos() throws Exception {
        Map<String, Object> o = edited(OffsetShape.POS, 70L, OffsetShape.LINE, 10L);
        o.remove(OffsetShape.CHECK);
        o.remove(OffsetShape.CHECK_LEN);
        patch(o);
        assertThat(resumedValues(10)).containsExactly(numbered(10, 10));
    }

    @Test
    void checkSetToNullCountsAsLeftOut() throws Exception {
        Map<String, Object> o = edited(
                OffsetShape.POS, 70L, OffsetShape.LINE, 10L, OffsetShape.CHECK, null, OffsetShape.CHECK_LEN, null);
        patch(o);
        assertThat(resumedValues(10)).containsExactly(numbered(10, 10));
    }

    @Test
    void editedPositionWithMatchingCheckIsAccepted() throws Exception {
        // what GET showed after line-9, without its stamp fields: the hashes fit, so it is accepted
        Map<String, Object> o = new HashMap<>(Map.of(OffsetShape.POS, 70L, OffsetShape.LINE, 10L));
        o.put(OffsetShape.PATH, log.toString());
        o.put(OffsetShape.CHECK_LEN, 64L);
        o.put(OffsetShape.CHECK, Hash64.of(Files.readAllBytes(log), 70 - 64, 64));
        patch(o);
        assertThat(resumedValues(10)).containsExactly(numbered(10, 10));
    }

    @Test
    void offsetExactlyAsGetShowsItIsAccepted() {
        assertThat(connector.alterOffsets(props, Map.of(partition, new HashMap<>(got))))
                .isTrue();
    }

    @Test
    void positionPastTheEndOfTheFileIsRejectedNamingPos() {
        Map<String, Object> o = new HashMap<>(Map.of(OffsetShape.POS, 700L, OffsetShape.PATH, log.toString()));
        assertThatThrownBy(() -> connector.alterOffsets(props, Map.of(partition, o)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("'pos' 700 is past the end of the file (150 bytes)");
    }

    @Test
    void roundedFingerprintAsADoubleIsRejectedNamingFp() {
        long fp = ((Number) got.get(OffsetShape.FP)).longValue();
        Map<String, Object> o = edited(OffsetShape.FP, (double) fp);
        assertThatThrownBy(() -> connector.alterOffsets(props, Map.of(partition, o)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("offset field 'fp' is the floating-point number")
                .hasMessageContaining("leave out 'fp' and 'fp.len'");
    }

    @Test
    void roundedFingerprintAsAnIntegerIsRejectedNamingFp() {
        // what jq 1.6 prints for a 19-digit integer: the first 17 digits, then zeros
        long fp = ((Number) got.get(OffsetShape.FP)).longValue();
        long rounded = Long.parseLong(
                String.valueOf(fp).substring(0, String.valueOf(fp).length() - 2) + "00");
        Map<String, Object> o = edited(OffsetShape.FP, rounded == fp ? fp + 1 : rounded);
        assertThatThrownBy(() -> connector.alterOffsets(props, Map.of(partition, o)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("'fp' does not match the first");
    }

    @Test
    void hashThatDoesNotDecodeIsRejectedNamingIt() {
        for (Object bad : List.of(
                "abc", "99999999999999999999", "0x1f", 1.5, true, new java.math.BigInteger("99999999999999999999"))) {
            Map<String, Object> o = edited(OffsetShape.CHECK, bad);
            assertThatThrownBy(() -> connector.alterOffsets(props, Map.of(partition, o)))
                    .as("check = %s", bad)
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("offset field 'check'")
                    .hasMessageContaining(bad instanceof Double ? "floating-point" : "must be a 64-bit integer");
        }
    }

    @Test
    void hashesAsStringsDecodeToTheSameLongs() {
        Map<String, Object> asStrings = edited(
                OffsetShape.FP, String.valueOf(got.get(OffsetShape.FP)),
                OffsetShape.CHECK, String.valueOf(got.get(OffsetShape.CHECK)));
        String id = OffsetShape.fileIdOf(partition);
        StoredPosition fromStrings = OffsetShape.toPosition(id, asStrings);
        assertThat(fromStrings).isEqualTo(OffsetShape.toPosition(id, got));
        assertThat(fromStrings.fingerprint()).isNotNull();
        assertThat(fromStrings.check()).isNotNull();
        assertThat(OffsetShape.problem(partition, asStrings)).isNull();
    }

    @Test
    void offsetWithHashesAsStringsIsAcceptedAndResumedFrom() throws Exception {
        TestFiles.lines(log, "line", 20, 2);
        Map<String, Object> o = edited(
                OffsetShape.FP, String.valueOf(got.get(OffsetShape.FP)),
                OffsetShape.CHECK, String.valueOf(got.get(OffsetShape.CHECK)));
        patch(o);
        assertThat(resumedValues(2)).containsExactly("line-20", "line-21");
    }

    @Test
    void editedHashesThatCannotBeCheckedOnThisWorkerAreRejected() {
        Map<String, Object> o = edited(
                OffsetShape.POS,
                70L,
                OffsetShape.LINE,
                10L,
                OffsetShape.PATH,
                tmp.resolve("elsewhere.log").toString());
        assertThatThrownBy(() -> connector.alterOffsets(props, Map.of(partition, o)))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("'fp'/'fp.len' and 'check'/'check.len' cannot be checked")
                .hasMessageContaining("does not exist on this worker");
        Map<String, Object> positionOnly =
                new HashMap<>(Map.of(OffsetShape.POS, 70L, OffsetShape.PATH, o.get(OffsetShape.PATH)));
        assertThat(connector.alterOffsets(props, Map.of(partition, positionOnly)))
                .isTrue();
    }

    @Test
    void taskFailsOnARoundedHashInConnectsOffsetInsteadOfRereadingTheFile() throws Exception {
        // an offset an older version accepted: Connect hands it back with the hash as a double
        long fp = ((Number) got.get(OffsetShape.FP)).longValue();
        Map<String, Object> stored = edited(OffsetShape.FP, (double) fp);
        stored.remove("tidemark.sig");
        worker.connectOffsets.put(partition, stored);
        FileSourceTask task = start();
        assertThatThrownBy(() -> worker.pollRecords(task, 1))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("offset field 'fp' is the floating-point number");
    }

    private static String[] numbered(int from, int count) {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = "line-" + (from + i);
        }
        return out;
    }
}
