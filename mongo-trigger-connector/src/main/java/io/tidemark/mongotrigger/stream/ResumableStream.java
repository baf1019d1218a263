/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import io.tidemark.connect.retry.Backoff;
import io.tidemark.mongotrigger.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A change stream that survives transient failures: on a network error or a primary step-down it
 * closes the cursor and, after a backoff, reopens it just after the last event it handed out (or
 * the last post-batch token it saw), so nothing is skipped and nothing handed out is read twice.
 * A position the server no longer has fails with an actionable message, or, when the operator
 * opted in, restarts from now with an AUDIT line. A stream that would open "from now" first asks the
 * server for its operation time and, when given a {@link StartPointRecorder}, records it durably; it
 * then opens at that operation time, so a restart that resumes from the recorded point sees exactly
 * what this stream would have seen. Not thread-safe: one reader.
 */
public final class ResumableStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResumableStream.class);

    private final ChangeStreamSource source;
    private final HistoryLostAction historyLostAction;
    private final Backoff backoff;
    private final Duration retryTimeout;
    private final Clock clock;
    private final AuditLog audit;
    private final String restartHint;
    /** Records the first start from now; null once used (or when not wanted). */
    private StartPointRecorder recorder;

    private ChangeCursor cursor;
    private StartPosition reopenFrom;
    private BsonDocument position;
    private long notBeforeMillis;
    private long failingSinceMillis = -1;
    private StreamException lastFailure;
    private final StreamStats stats = new StreamStats();

    /**
     * @param retryTimeout how long transient failures are retried before the stream gives up;
     *                     negative retries forever
     * @param restartHint  what the operator should do when the position is lost (connector specific)
     */
    public ResumableStream(
            ChangeStreamSource source,
            StartPosition start,
            HistoryLostAction historyLostAction,
            Backoff backoff,
            Duration retryTimeout,
            Clock clock,
            AuditLog audit,
            String restartHint) {
        this(source, start, historyLostAction, backoff, retryTimeout, clock, audit, restartHint, null);
    }

    /**
     * @param recorder records the operation time the first start "from now" is turned into, before the
     *                 stream opens there; null: a start from now opens at the server's current end of the
     *                 stream (so does a later restart from now after a lost position)
     */
    public ResumableStream(
            ChangeStreamSource source,
            StartPosition start,
            HistoryLostAction historyLostAction,
            Backoff backoff,
            Duration retryTimeout,
            Clock clock,
            AuditLog audit,
            String restartHint,
            StartPointRecorder recorder) {
        this.recorder = recorder;
        this.source = source;
        this.reopenFrom = start;
        this.historyLostAction = historyLostAction;
        this.backoff = backoff;
        this.retryTimeout = retryTimeout;
        this.clock = clock;
        this.audit = audit;
        this.restartHint = restartHint;
        if (start instanceof StartPosition.AfterToken after) {
            position = after.token();
        }
    }

    /**
     * The next event, or null when none is available now (or while waiting out a backoff).
     *
     * @throws StreamException TRANSIENT after a retryable failure (the stream reopens on a later
     *                         call); HISTORY_LOST, AUTHENTICATION or FATAL when it cannot continue
     */
    public ChangeEvent next() {
        if (cursor == null) {
            if (clock.millis() < notBeforeMillis) {
                return null;
            }
            if (recorder != null && reopenFrom instanceof StartPosition.Now) {
                ServerTime now;
                try {
                    now = source.operationTime();
                } catch (RuntimeException e) {
                    return fail(e);
                }
                try {
                    recorder.record(now);
                } catch (RuntimeException e) {
                    throw new StreamException(
                            ErrorKind.FATAL,
                            "Could not record the starting point of the change stream (operation time "
                                    + now.time().getTime() + ":" + now.time().getInc()
                                    + ") in the local checkpoint store: " + describe(e)
                                    + ". The stream was not opened, so nothing was read or skipped; fix the store"
                                    + " (checkpoint.store.dir) and restart the task.",
                            e);
                }
                recorder = null;
                reopenFrom = StartPosition.at(now.time());
            }
            try {
                cursor = source.open(reopenFrom);
                stats.opened();
                LOG.info("Change stream opened {}", reopenFrom);
            } catch (RuntimeException e) {
                return fail(e);
            }
        }
        ChangeEvent event;
        BsonDocument token;
        try {
            event = cursor.tryNext();
            token = event != null ? event.resumeToken() : cursor.resumeToken();
        } catch (RuntimeException e) {
            return fail(e);
        }
        if (token != null) {
            position = token;
            reopenFrom = StartPosition.after(token);
        }
        if (event != null) {
            stats.read(event.clusterTime() == null ? 0 : event.clusterTime().getTime(), clock.millis());
        }
        if (failingSinceMillis >= 0) {
            LOG.info("Change stream recovered after {} attempt(s)", backoff.attempts());
        }
        failingSinceMillis = -1;
        lastFailure = null;
        backoff.reset();
        return event;
    }

    /** Counts for metrics, readable from any thread. */
    /** The server's oldest oplog entry, where it reports one ({@link ChangeStreamSource#oldestOplogEntry}). */
    public Optional<BsonTimestamp> oldestOplogEntry() {
        return source.oldestOplogEntry();
    }

    public StreamStats stats() {
        return stats;
    }

    /**
     * The resume token of the last event handed out, or the newest post-batch token; null before
     * the server gave any.
     */
    public BsonDocument position() {
        return position;
    }

    /** The last transient failure still being retried, if any. */
    public StreamException lastFailure() {
        return lastFailure;
    }

    public boolean isOpen() {
        return cursor != null;
    }

    private ChangeEvent fail(RuntimeException error) {
        closeCursor();
        ErrorKind kind = ErrorClassifier.classify(error);
        String what = describe(error);
        switch (kind) {
            case TRANSIENT -> {
                long now = clock.millis();
                if (failingSinceMillis < 0) {
                    failingSinceMillis = now;
                }
                if (!retryTimeout.isNegative() && now - failingSinceMillis > retryTimeout.toMillis()) {
                    throw new StreamException(
                            ErrorKind.FATAL,
                            "MongoDB change stream kept failing for "
                                    + (now - failingSinceMillis) / 1000 + " s (more than the retry timeout of "
                                    + retryTimeout.toSeconds() + " s); last error: " + what
                                    + ". Check that the server is reachable and a primary is elected, then restart the task.",
                            error);
                }
                Duration delay = backoff.next();
                notBeforeMillis = now + delay.toMillis();
                StreamException e = new StreamException(
                        ErrorKind.TRANSIENT,
                        "Transient change stream failure ("
                                + what + "); reopening " + reopenFrom + " in " + delay.toMillis() + " ms (attempt "
                                + backoff.attempts() + ")",
                        error);
                lastFailure = e;
                stats.failedTransiently();
                LOG.warn(e.getMessage());
                throw e;
            }
            case HISTORY_LOST -> {
                stats.lostHistory();
                String lost = "The change stream position " + (position == null ? reopenFrom : position.toJson())
                        + " is no longer on the server (" + what + "): the events after it have left the oplog.";
                if (historyLostAction == HistoryLostAction.RESTART_FROM_NOW) {
                    audit.record("AUDIT: Starting watch from NOW (resume position lost: " + what
                            + "; events after " + (position == null ? reopenFrom : position.toJson())
                            + " up to now are skipped, as stream.history.lost.action=restart_from_now allows)");
                    reopenFrom = StartPosition.now();
                    position = null;
                    notBeforeMillis = 0;
                    return null;
                }
                throw new StreamException(
                        ErrorKind.HISTORY_LOST,
                        lost + " Nothing was skipped: the task stops" + " here. " + restartHint,
                        error);
            }
            case AUTHENTICATION ->
                throw new StreamException(
                        kind,
                        "MongoDB refused the credentials or the"
                                + " permissions of the connection (" + what
                                + "). Fix the user in connection.uri: it needs"
                                + " the changeStream and find actions on the watched namespace.",
                        error);
            default -> throw new StreamException(kind, "MongoDB change stream failed: " + what, error);
        }
    }

    static String describe(Throwable t) {
        if (t instanceof com.mongodb.MongoException m && m.getCode() > 0) {
            return "code " + m.getCode() + ": " + m.getMessage();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private void closeCursor() {
        if (cursor != null) {
            try {
                cursor.close();
            } catch (RuntimeException e) {
                LOG.debug("Ignoring failure closing the change stream cursor", e);
            }
            cursor = null;
        }
    }

    @Override
    public void close() {
        closeCursor();
        source.close();
    }
}
