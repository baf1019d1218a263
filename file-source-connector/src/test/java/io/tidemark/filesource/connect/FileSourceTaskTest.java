/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.config.TaskFragment;
import io.tidemark.connect.metrics.StoreMetrics;
import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.filesource.assign.HostPin;
import io.tidemark.filesource.testing.TestFiles;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.WriteBatch;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTaskTest {

    @TempDir
    Path tmp;

    private Path logs;
    private Path log;
    private Map<String, String> props;
    private final TaskHarness worker = new TaskHarness();
    private final List<FileSourceTask> running = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        logs = Files.createDirectories(tmp.resolve("logs"));
        log = logs.resolve("app.log");
        TestFiles.lines(log, "line", 0, 10);
        props = new HashMap<>();
        props.put("name", "files");
        props.put(FileSourceConfig.ROOTS_CONFIG, logs.toString());
        props.put(FileSourceConfig.FILE_HOST_CONFIG, HostPin.ANY_HOST);
        props.put(FileSourceConfig.TOPIC_CONFIG, "logs-${file.stem}");
        props.put("checkpoint.store.dir", tmp.resolve("state").toString());
        props.put("checkpoint.flush.interval.ms", "10");
        props.put(FileSourceConfig.POLL_WAIT_CONFIG, "20");
        props.put(TaskFragment.CONNECTOR_NAME_CONFIG, "files");
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

    private void stop(FileSourceTask t) {
        t.stop();
        running.remove(t);
    }

    @Test
    void aRootMissingOnThisWorkerShowsInTheRootsMissingMetricUntilItAppears() throws Exception {
        Path later = tmp.resolve("later");
        props.put(FileSourceConfig.ROOTS_CONFIG, logs + "," + later);
        props.put(FileSourceConfig.FILE_HOST_CONFIG, HostPin.ANY_HOST);
        props.put(FileSourceConfig.RESCAN_INTERVAL_CONFIG, "100");
        FileSourceTask task = start();
        List<SourceRecord> first = worker.pollRecords(task, 10);
        assertThat(TaskHarness.values(first)).containsExactly(numbered(0, 10));
        worker.ackRange(task, first, 0, first.size());
        assertThat(worker.metric(FileSourceMetrics.ROOTS_MISSING)).isEqualTo(1.0);
        assertThat(worker.metric(FileSourceMetrics.FILES_TRACKED)).isEqualTo(1.0);

        TestFiles.lines(Files.createDirectories(later).resolve("b.log"), "b", 0, 3);
        assertThat(worker.pollRecords(task, 3)).hasSize(3);
        assertThat(worker.metric(FileSourceMetrics.ROOTS_MISSING)).isEqualTo(0.0);
        assertThat(worker.metric(FileSourceMetrics.FILES_TRACKED)).isEqualTo(2.0);

        long deadline = System.currentTimeMillis() + 5000; // acknowledged positions reach the store by group commit
        while ((Double) worker.metric(StoreMetrics.COMMITS) == 0 && System.currentTimeMillis() < deadline) {
            task.poll();
        }
        assertThat((Double) worker.metric(StoreMetrics.COMMITS)).isPositive();
        assertThat((Double) worker.metric(StoreMetrics.LAST_COMMIT_AGE)).isGreaterThanOrEqualTo(0.0);

        stop(task);
        assertThat(worker.metric(FileSourceMetrics.ROOTS_MISSING)).isNull();
    }

    @Test
    void aTaskOnAWorkerOfAnotherHostFailsNamingBothHostIdsAndReadsNothing() {
        props.put(FileSourceConfig.FILE_HOST_CONFIG, "host-a");
        props.put(FileSourceConfig.HOST_ID_CONFIG, "host-b");
        assertThatThrownBy(this::start)
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("'host-a' (file.host)")
                .hasMessageContaining("'host-b' (file.host.id)")
                .hasMessageContaining("refuses to read");
        // it did not even create its local store on the wrong machine
        assertThat(tmp.resolve("state")).doesNotExist();
    }

    @Test
    void aTaskOnThePinnedHostReadsItsFilesAndStampsTheHostIdInTheHostHeader() throws Exception {
        props.put(FileSourceConfig.FILE_HOST_CONFIG, "host-a");
        props.put(FileSourceConfig.HOST_ID_CONFIG, " Host-A "); // host names ignore case
        props.put(FileSourceConfig.HEADERS_CONFIG, "path,host"); // the host header is opt-in
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        assertThat(rs).hasSize(10);
        assertThat(rs.get(0).headers().lastWithName("tidemark.host").value()).isEqualTo("Host-A");
    }

    @Test
    void aHostIdVariableTheWorkerDidNotResolveFailsTheTask() {
        props.put(FileSourceConfig.FILE_HOST_CONFIG, "host-a");
        props.put(FileSourceConfig.HOST_ID_CONFIG, "${env:TIDEMARK_HOST_ID}");
        assertThatThrownBy(this::start)
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("file.host.id is '${env:TIDEMARK_HOST_ID}'")
                .hasMessageContaining("config.providers");
    }

    @Test
    void bytesBehindTruncationsAndRotationsShowInTheMetrics() throws Exception {
        FileSourceTask task = start();
        assertThat(worker.pollRecords(task, 10)).hasSize(10);
        assertThat(worker.metric(FileSourceMetrics.BYTES_BEHIND)).isEqualTo(0.0);
        Files.writeString(log, "half a line without its newline"); // truncates: the file is now shorter
        assertThat(worker.pollRecords(task, 1)).isEmpty();
        assertThat(worker.metric(FileSourceMetrics.TRUNCATIONS)).isEqualTo(1.0);
        assertThat(worker.metric(FileSourceMetrics.BYTES_BEHIND)).isEqualTo(31.0); // the unterminated line
        Files.move(log, logs.resolve("app.log.1"));
        long deadline = System.currentTimeMillis() + 5000;
        while ((Double) worker.metric(FileSourceMetrics.ROTATIONS) == 0 && System.currentTimeMillis() < deadline) {
            task.poll();
        }
        assertThat(worker.metric(FileSourceMetrics.ROTATIONS)).isEqualTo(1.0);
    }

    @Test
    void emitsStampedRecordsWithKeyTopicAndHeaders() throws Exception {
        props.put(FileSourceConfig.HEADERS_CONFIG, "path,file.id,offset,line,host");
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        assertThat(TaskHarness.values(rs)).containsExactly(numbered(0, 10));
        SourceRecord first = rs.get(0);
        String id = (String) first.sourcePartition().get(OffsetShape.FILE_ID);
        assertThat(first.topic()).isEqualTo("logs-app");
        assertThat(first.key()).isEqualTo(id);
        assertThat(first.sourceOffset().get(OffsetShape.POS)).isEqualTo(7L);
        assertThat(OffsetMirror.seqOf(first.sourceOffset())).isEqualTo(1);
        assertThat(OffsetMirror.seqOf(rs.get(9).sourceOffset())).isEqualTo(10);
        assertThat(OffsetMirror.isTaskWritten(first.sourceOffset())).isTrue();
        assertThat(first.headers().lastWithName(RecordMaker.H_PATH).value()).isEqualTo(log.toString());
        assertThat(first.headers().lastWithName(RecordMaker.H_OFFSET).value()).isEqualTo(0L);
        assertThat(rs.get(1).headers().lastWithName(RecordMaker.H_LINE).value()).isEqualTo(2L);
        assertThat(first.headers().lastWithName(RecordMaker.H_FILE_ID).value()).isEqualTo(id);
        assertThat(first.headers().lastWithName(RecordMaker.H_HOST)).isNotNull();
    }

    @Test
    void byDefaultARecordCarriesTheFileIdKeyAndOnlyThePathHeader() throws Exception {
        FileSourceTask task = start();
        SourceRecord r = worker.pollRecords(task, 1).get(0);
        assertThat(r.key()).isEqualTo(r.sourcePartition().get(OffsetShape.FILE_ID));
        assertThat(r.headers()).extracting(h -> h.key()).containsExactly(RecordMaker.H_PATH);
        assertThat(r.headers().lastWithName(RecordMaker.H_PATH).value()).isEqualTo(log.toString());
    }

    @Test
    void onlyTheListedHeadersAreAdded() throws Exception {
        props.put(FileSourceConfig.HEADERS_CONFIG, "offset, PATH");
        FileSourceTask task = start();
        SourceRecord r = worker.pollRecords(task, 2).get(1);
        assertThat(r.headers()).extracting(h -> h.key()).containsExactly(RecordMaker.H_PATH, RecordMaker.H_OFFSET);
        assertThat(r.headers().lastWithName(RecordMaker.H_OFFSET).value()).isEqualTo(7L);
    }

    @Test
    void emptyHeaderListAddsNoHeaders() throws Exception {
        props.put(FileSourceConfig.HEADERS_CONFIG, "");
        FileSourceTask task = start();
        assertThat(worker.pollRecords(task, 1).get(0).headers()).isEmpty();
    }

    @Test
    void bytesValuesAndNoKey() throws Exception {
        props.put(FileSourceConfig.VALUE_FORMAT_CONFIG, "bytes");
        props.put(FileSourceConfig.KEY_CONFIG, "none");
        FileSourceTask task = start();
        SourceRecord r = worker.pollRecords(task, 1).get(0);
        assertThat((byte[]) r.value()).isEqualTo("line-0".getBytes(StandardCharsets.UTF_8));
        assertThat(r.key()).isNull();
    }

    @Test
    void localStoreAdvancesOnlyAfterKafkaAcknowledged() throws Exception {
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        worker.ackRange(task, rs, 0, 4);
        task.commitRecord(rs.get(7), null); // dropped by a transform, but lines 4-6 are still in flight
        stop(task); // crash-like: Connect never flushed its offsets
        FileSourceTask again = start();
        assertThat(TaskHarness.values(worker.pollRecords(again, 6))).containsExactly(numbered(4, 6));
    }

    @Test
    void localStoreNeverRunsAheadOfALineStillInFlight() throws Exception {
        props.put(FileSourceConfig.KEY_CONFIG, "none"); // lines of one file spread over Kafka partitions
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        worker.ack(task, rs.get(0));
        worker.ackRange(task, rs, 2, 10); // their partitions answered first; line-1 is still in flight
        stop(task); // crash before line-1 was acknowledged
        FileSourceTask again = start();
        assertThat(TaskHarness.values(worker.pollRecords(again, 9))).containsExactly(numbered(1, 9));
    }

    @Test
    void filteredRecordsDoNotHoldThePositionBack() throws Exception {
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 4);
        worker.ack(task, rs.get(0));
        task.commitRecord(rs.get(1), null); // filtered by a transformation: never written, nothing to re-send
        worker.ack(task, rs.get(2));
        stop(task);
        FileSourceTask again = start();
        assertThat(TaskHarness.values(worker.pollRecords(again, 7))).containsExactly(numbered(3, 7));
    }

    @Test
    void laggingConnectOffsetNeverWinsOverANewerLocalOne() throws Exception {
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        worker.ackRange(task, rs, 0, 3);
        worker.flushConnectOffsets(task); // Connect knows line-2
        worker.ackRange(task, rs, 3, 8); // acknowledged but the worker died before flushing
        stop(task);
        FileSourceTask again = start();
        assertThat(TaskHarness.values(worker.pollRecords(again, 2))).containsExactly("line-8", "line-9");
        SourceRecord next = worker.pollRecords(again, 0).stream().findFirst().orElse(null);
        assertThat(next).isNull();
    }

    @Test
    void knownPositionsAreTheNewerOfTheLocalAndConnectsOne() throws Exception {
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        worker.ackRange(task, rs, 0, 3); // the local store knows line-2 only
        stop(task);
        Map<String, ?> partition = rs.get(0).sourcePartition();
        Map<String, Object> delivered = new HashMap<>(rs.get(9).sourceOffset()); // Connect's offsets know line-9
        FileSourceConfig config = new FileSourceConfig(props);
        try (var store = FileSourceConnector.openStore(config, "files");
                var mirror = io.tidemark.connect.offsets.OffsetMirror.open(
                        store, io.tidemark.connect.offsets.MirrorOptions.from(config.checkpointStore()))) {
            assertThat(new MirroredPositions(mirror, p -> null).known())
                    .singleElement()
                    .extracting(io.tidemark.filesource.tail.StoredPosition::pos)
                    .isEqualTo(21L);
            assertThat(new MirroredPositions(mirror, p -> p.equals(partition) ? delivered : null).known())
                    .singleElement()
                    .extracting(io.tidemark.filesource.tail.StoredPosition::pos)
                    .isEqualTo(Files.size(log));
        }
    }

    @Test
    void emptyLocalStoreResumesFromConnect() throws Exception {
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        worker.ackRange(task, rs, 0, 6);
        worker.flushConnectOffsets(task);
        stop(task);
        props.put("checkpoint.store.dir", tmp.resolve("another-machine").toString());
        FileSourceTask moved = start();
        assertThat(TaskHarness.values(worker.pollRecords(moved, 4))).containsExactly(numbered(6, 4));
    }

    @Test
    void sequenceContinuesFromTheResumedOffset() throws Exception {
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        rs.forEach(r -> worker.ack(task, r));
        stop(task);
        TestFiles.lines(log, "line", 10, 1);
        FileSourceTask again = start();
        SourceRecord r = worker.pollRecords(again, 1).get(0);
        assertThat(OffsetMirror.seqOf(r.sourceOffset())).isEqualTo(11);
    }

    @Test
    void operatorPatchWinsOverStaleLocalState() throws Exception {
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        rs.forEach(r -> worker.ack(task, r));
        worker.flushConnectOffsets(task);
        stop(task);
        Map<String, ?> partition = rs.get(0).sourcePartition();
        // PATCH /connectors/files/offsets: back to the start of line-5 (byte 35), no hashes
        Map<String, Object> patched = Map.of(OffsetShape.POS, 35L, OffsetShape.LINE, 5L);
        new FileSourceConnector().alterOffsets(props, Map.of(partition, patched));
        worker.connectOffsets.put(partition, new HashMap<>(patched));
        FileSourceTask again = start();
        assertThat(TaskHarness.values(worker.pollRecords(again, 5))).containsExactly(numbered(5, 5));
    }

    @Test
    void operatorDeleteIsNotUndoneByLocalState() throws Exception {
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        rs.forEach(r -> worker.ack(task, r));
        worker.flushConnectOffsets(task);
        stop(task);
        Map<String, ?> partition = rs.get(0).sourcePartition();
        Map<Map<String, ?>, Map<String, ?>> reset = new HashMap<>();
        reset.put(partition, null);
        new FileSourceConnector().alterOffsets(props, reset);
        worker.connectOffsets.remove(partition);
        FileSourceTask again = start();
        assertThat(TaskHarness.values(worker.pollRecords(again, 10))).containsExactly(numbered(0, 10));
    }

    @Test
    void alterOffsetsRejectsWrongShapes() {
        FileSourceConnector c = new FileSourceConnector();
        assertThatThrownBy(() -> c.alterOffsets(props, Map.of(Map.of("path", log.toString()), Map.of("pos", 1L))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("file.id");
        Map<String, ?> p = OffsetShape.partition("2049:12:00000000000000ff");
        assertThatThrownBy(() -> c.alterOffsets(props, Map.of(p, Map.of("pos", -1L))))
                .hasMessageContaining("pos");
        assertThatThrownBy(() -> c.alterOffsets(props, Map.of(p, Map.of("pos", 1L, "position", 2L))))
                .hasMessageContaining("unknown offset field 'position'");
        assertThatThrownBy(() -> c.alterOffsets(props, Map.of(p, Map.of("pos", 10L, "fp", 170L))))
                .hasMessageContaining("go together");
        assertThat(c.alterOffsets(props, Map.of(p, Map.of("pos", 10L)))).isTrue();
    }

    @Test
    void corruptLocalRecordFailsClosedByDefault() throws Exception {
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        rs.forEach(r -> worker.ack(task, r));
        stop(task);
        corruptEveryPosition();
        FileSourceTask again = start();
        assertThatThrownBy(() -> worker.pollRecords(again, 1))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void corruptLocalRecordCanBeTreatedAsMissing() throws Exception {
        props.put("checkpoint.corrupt.policy", "treat_as_missing");
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        worker.ackRange(task, rs, 0, 4);
        worker.flushConnectOffsets(task);
        worker.ackRange(task, rs, 4, 10);
        stop(task);
        corruptEveryPosition();
        FileSourceTask again = start();
        assertThat(TaskHarness.values(worker.pollRecords(again, 6))).containsExactly(numbered(4, 6));
    }

    @Test
    void foreignStoreFailsClosed() {
        Path dir = tmp.resolve("state").resolve("files");
        try (LmdbCheckpointStore other = LmdbCheckpointStore.open(dir, new StoreIdentity("someone-else", 1))) {
            other.put("x", new byte[] {1});
        }
        assertThatThrownBy(this::start).isInstanceOf(ConnectException.class).hasMessageContaining("someone-else");
    }

    @Test
    void withExactlyOnceTheLocalStoreAdvancesOnlyWhenConnectCommits() throws Exception {
        props.put(TaskFragment.ADVANCE_ON_COMMIT_CONFIG, "true");
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        worker.ackRange(task, rs, 0, 5); // sent in a transaction that is never committed
        stop(task);
        FileSourceTask again = start();
        List<SourceRecord> replay = worker.pollRecords(again, 10);
        assertThat(TaskHarness.values(replay)).containsExactly(numbered(0, 10));
        worker.ackRange(again, replay, 0, 7);
        worker.flushConnectOffsets(again); // the transaction committed: commit() advances the local store
        stop(again);
        worker.connectOffsets.clear(); // even without Connect's copy the local store now knows line-6
        FileSourceTask third = start();
        assertThat(TaskHarness.values(worker.pollRecords(third, 3))).containsExactly(numbered(7, 3));
    }

    @Test
    void mirroringOffResumesFromConnectOnly() throws Exception {
        props.put(FileSourceConfig.MIRROR_ENABLED_CONFIG, "false");
        FileSourceTask task = start();
        List<SourceRecord> rs = worker.pollRecords(task, 10);
        worker.ackRange(task, rs, 0, 3);
        worker.flushConnectOffsets(task);
        worker.ackRange(task, rs, 3, 10);
        stop(task);
        assertThat(Files.exists(tmp.resolve("state"))).isFalse();
        FileSourceTask again = start();
        assertThat(TaskHarness.values(worker.pollRecords(again, 7))).containsExactly(numbered(3, 7));
    }

    @Test
    void exactlyOnceIsSupported() {
        assertThat(new FileSourceConnector().exactlyOnceSupport(props)).isEqualTo(ExactlyOnceSupport.SUPPORTED);
    }

    private void corruptEveryPosition() {
        Path dir = tmp.resolve("state").resolve("files");
        try (LmdbCheckpointStore s = LmdbCheckpointStore.open(dir, FileSourceConnector.storeIdentity("files"))) {
            WriteBatch b = WriteBatch.create();
            s.scan(OffsetMirror.PREFIX).keySet().forEach(k -> b.put(k, "{not json".getBytes(StandardCharsets.UTF_8)));
            assertThat(b.size()).isPositive();
            s.commit(b);
        }
    }

    private static String[] numbered(int from, int count) {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            out[i] = "line-" + (from + i);
        }
        return out;
    }
}
