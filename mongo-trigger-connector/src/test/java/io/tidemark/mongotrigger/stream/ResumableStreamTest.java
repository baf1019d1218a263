/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import static io.tidemark.mongotrigger.stream.ScriptedChangeStreamSource.commandError;
import static io.tidemark.mongotrigger.stream.ScriptedChangeStreamSource.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import io.tidemark.connect.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumableStreamTest {

    final ScriptedChangeStreamSource server = new ScriptedChangeStreamSource();
    final List<String> audit = new ArrayList<>();
    final MutableClock clock = new MutableClock();

    static final class MutableClock extends Clock {
        long millis = 1_000_000;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    ResumableStream stream(StartPosition start, HistoryLostAction action, Duration retryTimeout) {
        return new ResumableStream(
                server,
                start,
                action,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), () -> 1.0),
                retryTimeout,
                clock,
                audit::add,
                "Reset the offsets.");
    }

    List<Integer> drain(ResumableStream s) {
        List<Integer> ids = new ArrayList<>();
        ChangeEvent e;
        while ((e = s.next()) != null) {
            ids.add(e.documentKey().getInt32("_id").getValue());
        }
        return ids;
    }

    @Test
    void stepdownReopensAfterTheLastEventHandedOutWithBackoff() {
        for (int i = 0; i < 5; i++) {
            server.insert(i, "a");
        }
        ResumableStream s = stream(StartPosition.now(), HistoryLostAction.FAIL, Duration.ofMinutes(5));
        assertThat(drain(s)).isEmpty();
        server.insert(5, "a");
        server.insert(6, "a");
        assertThat(s.next().documentKey().getInt32("_id").getValue()).isEqualTo(5);

        server.failNext(commandError(189, "PrimarySteppedDown", "stepped down"));
        assertThatThrownBy(s::next).isInstanceOfSatisfying(StreamException.class, e -> {
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).contains("code 189").contains("in 100 ms");
        });
        assertThat(s.next()).as("waits out the backoff").isNull();
        clock.millis += 100;
        assertThat(drain(s)).containsExactly(6);
        assertThat(server.opens()).containsExactly(StartPosition.now(), StartPosition.after(token(5)));
    }

    @Test
    void networkErrorBeforeAnyEventReopensAtTheOriginalStart() {
        server.insert(0, "a");
        server.failNext(new MongoSocketReadException("connection reset", new ServerAddress("h", 1)));
        ResumableStream s = stream(
                StartPosition.at(new org.bson.BsonTimestamp(1_700_000_000, 1)),
                HistoryLostAction.FAIL,
                Duration.ofMinutes(5));
        assertThatThrownBy(s::next).isInstanceOf(StreamException.class);
        clock.millis += 10_000;
        assertThat(drain(s)).containsExactly(0);
    }

    @Test
    void givesUpAfterTheRetryTimeout() {
        ResumableStream s = stream(StartPosition.now(), HistoryLostAction.FAIL, Duration.ofSeconds(3));
        for (int i = 0; i < 10; i++) {
            server.failNext(new MongoSocketReadException("down", new ServerAddress("h", 1)));
        }
        assertThatThrownBy(s::next).isInstanceOf(StreamException.class);
        clock.millis += 2_000;
        assertThatThrownBy(s::next).matches(e -> ((StreamException) e).isTransient());
        clock.millis += 2_000;
        assertThatThrownBy(s::next).isInstanceOfSatisfying(StreamException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.FATAL);
            assertThat(e.getMessage()).contains("retry timeout of 3 s");
        });
    }

    @Test
    void historyLostFailsWithAnActionableMessageAndSkipsNothing() {
        for (int i = 0; i < 10; i++) {
            server.insert(i, "a");
        }
        server.truncateBefore(8);
        ResumableStream s = stream(StartPosition.after(token(3)), HistoryLostAction.FAIL, Duration.ofMinutes(5));

        assertThatThrownBy(s::next).isInstanceOfSatisfying(StreamException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.HISTORY_LOST);
            assertThat(e.getMessage())
                    .contains("code 286")
                    .contains("no longer on the server")
                    .contains("Nothing was skipped")
                    .contains("Reset the offsets.");
        });
        assertThat(audit).isEmpty();
    }

    @Test
    void historyLostRestartsFromNowWhenOptedInWithAnAuditLine() {
        for (int i = 0; i < 10; i++) {
            server.insert(i, "a");
        }
        server.truncateBefore(8);
        ResumableStream s =
                stream(StartPosition.after(token(3)), HistoryLostAction.RESTART_FROM_NOW, Duration.ofMinutes(5));

        assertThat(s.next()).isNull();
        assertThat(audit)
                .singleElement()
                .asString()
                .startsWith("AUDIT: Starting watch from NOW (resume position lost: code 286");
        assertThat(s.next()).as("reopens from now").isNull();
        server.insert(10, "a");
        assertThat(drain(s)).containsExactly(10);
        assertThat(server.opens()).last().isEqualTo(StartPosition.now());
    }

    @Test
    void postBatchTokensAdvanceThePositionOnAQuietStream() {
        server.postBatchTokens(true);
        server.insert(0, "a");
        ResumableStream s = stream(StartPosition.after(token(0)), HistoryLostAction.FAIL, Duration.ofMinutes(5));
        assertThat(s.next()).isNull();
        assertThat(s.position()).isEqualTo(token(0));

        server.invisible(50); // writes elsewhere: nothing for this stream, but the oplog moves on
        assertThat(s.next()).isNull();
        assertThat(s.position()).isEqualTo(token(50));

        // the old token falls out of the oplog; reopening from the post-batch token still works
        server.truncateBefore(40);
        server.failNext(commandError(91, "ShutdownInProgress", "shutting down"));
        assertThatThrownBy(s::next).isInstanceOf(StreamException.class);
        clock.millis += 10_000;
        server.insert(51, "a");
        assertThat(drain(s)).containsExactly(51);
        assertThat(server.opens()).last().isEqualTo(StartPosition.after(token(50)));
    }

    @Test
    void withoutPostBatchTokensThePositionOnlyMovesWithEvents() {
        server.insert(0, "a");
        ResumableStream s = stream(StartPosition.after(token(0)), HistoryLostAction.FAIL, Duration.ofMinutes(5));
        server.invisible(50);
        assertThat(s.next()).isNull();
        assertThat(s.position()).isEqualTo(token(0));
    }

    @Test
    void authenticationFailureIsNotRetried() {
        server.failNext(commandError(18, "AuthenticationFailed", "auth failed"));
        ResumableStream s = stream(StartPosition.now(), HistoryLostAction.FAIL, Duration.ofMinutes(5));
        assertThatThrownBy(s::next).isInstanceOfSatisfying(StreamException.class, e -> assertThat(e.kind())
                .isEqualTo(ErrorKind.AUTHENTICATION));
    }

    ResumableStream recording(StartPointRecorder recorder) {
        return new ResumableStream(
                server,
                StartPosition.now(),
                HistoryLostAction.FAIL,
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), () -> 1.0),
                Duration.ofMinutes(5),
                clock,
                audit::add,
                "Reset the offsets.",
                recorder);
    }

    @Test
    void aStartFromNowRecordsTheServersOperationTimeBeforeTheStreamOpensAndOpensThere() {
        server.insert(0, "a");
        List<ServerTime> recorded = new ArrayList<>();
        List<Integer> opensWhenRecorded = new ArrayList<>();
        ResumableStream s = recording(t -> {
            recorded.add(t);
            opensWhenRecorded.add(server.opens().size());
        });

        assertThat(drain(s)).isEmpty();
        server.insert(1, "a");
        assertThat(drain(s)).containsExactly(1);

        assertThat(recorded).singleElement().satisfies(t -> assertThat(t.time())
                .isEqualTo(new org.bson.BsonTimestamp(1_700_000_001, 0)));
        assertThat(opensWhenRecorded).containsExactly(0);
        assertThat(server.opens())
                .containsExactly(StartPosition.at(recorded.get(0).time()));
    }

    @Test
    void aTransientFailureAskingForTheServerTimeIsRetriedBeforeAnythingIsRecorded() {
        List<ServerTime> recorded = new ArrayList<>();
        ResumableStream s = recording(recorded::add);
        server.failNext(new MongoSocketReadException("connection reset", new ServerAddress("h", 1)));

        assertThatThrownBy(s::next)
                .isInstanceOf(StreamException.class)
                .satisfies(e -> assertThat(((StreamException) e).isTransient()).isTrue());
        assertThat(recorded).isEmpty();
        clock.millis += 1_000;
        server.insert(0, "a");
        assertThat(s.next()).isNull();
        server.insert(1, "a");
        assertThat(drain(s)).containsExactly(1);
        assertThat(recorded).hasSize(1);
    }

    @Test
    void aStartingPointThatCannotBeRecordedFailsWithoutOpeningTheStream() {
        ResumableStream s = recording(t -> {
            throw new IllegalStateException("disk full");
        });

        assertThatThrownBy(s::next)
                .isInstanceOf(StreamException.class)
                .hasMessageContaining("Could not record the starting point")
                .hasMessageContaining("disk full")
                .hasMessageContaining("nothing was read or skipped")
                .satisfies(e -> assertThat(((StreamException) e).isTransient()).isFalse());
        assertThat(server.opens()).isEmpty();
    }

    @Test
    void aReopenAfterATransientFailureKeepsTheRecordedStartingPoint() {
        ResumableStream s = recording(t -> {});
        assertThat(drain(s)).isEmpty();
        server.insert(0, "a");
        server.failNext(new MongoSocketReadException("connection reset", new ServerAddress("h", 1)));
        assertThatThrownBy(s::next).isInstanceOf(StreamException.class);
        clock.millis += 1_000;

        assertThat(drain(s)).containsExactly(0);
        assertThat(server.opens())
                .containsExactly(
                        StartPosition.at(new org.bson.BsonTimestamp(1_700_000_000, 0)),
                        StartPosition.at(new org.bson.BsonTimestamp(1_700_000_000, 0)));
        assertThat(server.operationTimeCalls()).isEqualTo(1);
    }
}
