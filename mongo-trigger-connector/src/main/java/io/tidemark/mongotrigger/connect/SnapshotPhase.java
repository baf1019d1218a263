/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.connect;

import io.tidemark.connect.offsets.AcknowledgedPrefix;
import io.tidemark.mongotrigger.checkpoint.LocalCheckpoint;
import io.tidemark.mongotrigger.filter.UnresolvedLogicalDatabaseException;
import io.tidemark.mongotrigger.snapshot.SnapshotCopier;
import io.tidemark.mongotrigger.snapshot.SnapshotDocument;
import io.tidemark.mongotrigger.snapshot.SnapshotProgress;
import io.tidemark.mongotrigger.stream.ChangeEvent;
import io.tidemark.mongotrigger.stream.ErrorClassifier;
import io.tidemark.mongotrigger.stream.ErrorKind;
import io.tidemark.mongotrigger.trigger.EventRouter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy of existing documents (startup.mode=copy_existing) as records: each copied document goes
 * through the logical database filter and the triggers like a change event (operation "read"), on the
 * copy's own partition, its offset the copy's progress once it is delivered; a last record on the
 * heartbeat topic marks the copy complete. The acknowledged progress reaches the local store at the
 * checkpoint flush interval (with checkpoint.local.advance=commit: after Connect committed it), so a
 * restart continues from the further of it and Connect's offset.
 */
final class SnapshotPhase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPhase.class);

    private final SnapshotCopier copier;
    private final LocalCheckpoint local;
    private final EventRouter router;
    private final EventRecords records;
    private final Map<String, Object> partition;
    private final String completeTopic;
    private final String consumerId;
    private final Clock clock;
    private final long flushIntervalMillis;
    private final AcknowledgedPrefix<SnapshotProgress> acks = new AcknowledgedPrefix<>();
    private final long startedAt;
    private final long copiedAtStart;
    private SnapshotProgress written;
    private long writtenAt;
    private boolean finished;

    SnapshotPhase(
            SnapshotCopier copier,
            LocalCheckpoint local,
            EventRouter router,
            EventRecords records,
            String consumerId,
            String completeTopic,
            Clock clock,
            long flushIntervalMillis) {
        this.copier = copier;
        this.local = local;
        this.router = router;
        this.records = records;
        this.consumerId = consumerId;
        this.partition = OffsetShape.snapshotPartition(consumerId);
        this.completeTopic = completeTopic;
        this.clock = clock;
        this.flushIntervalMillis = flushIntervalMillis;
        this.written = copier.progress();
        this.startedAt = clock.millis();
        this.copiedAtStart = copier.progress().copied();
    }

    /** Every record of the copy, the completion record included, was handed over. */
    boolean finished() {
        return finished;
    }

    /**
     * The records of up to {@code maxDocuments} copied documents; after the last document, the completion
     * record. Documents a filter drops produce no record.
     *
     * @throws RetriableException a transient server failure before any document of this call was read (the copy
     *                            resumes after the last document handed out)
     * @throws ConnectException   any other failure, naming the namespace
     */
    List<SourceRecord> poll(int maxDocuments, LongSupplier sequences) {
        List<SourceRecord> out = new ArrayList<>();
        int docs = 0;
        try {
            while (!finished && docs < maxDocuments) {
                SnapshotDocument d = copier.next();
                if (d == null) {
                    out.add(complete(sequences.getAsLong()));
                    break;
                }
                docs++;
                ChangeEvent event = event(d);
                EventRouter.Routing routing = router.route(event);
                for (EventRouter.Delivery delivery : routing.deliveries()) {
                    long seq = sequences.getAsLong();
                    SourceRecord r = records.snapshotRecord(
                            partition,
                            OffsetShape.snapshotOffset(d.progress(), seq),
                            delivery.topic(),
                            event,
                            delivery.trigger(),
                            routing.logicalDatabase());
                    acks.emitted(seq, d.progress()); // only once the record exists, or the progress would stall
                    out.add(r);
                }
            }
        } catch (UnresolvedLogicalDatabaseException e) {
            throw new ConnectException(e.getMessage(), e);
        } catch (RuntimeException e) {
            if (!out.isEmpty()) {
                LOG.debug("Copy interrupted after {} records; handing them over first", out.size(), e);
                return out;
            }
            throw translate(e);
        }
        return out;
    }

    private RuntimeException translate(RuntimeException e) {
        String what = "Copying the existing documents of " + copier.progress().current() + " failed after _id "
                + copier.progress().lastId() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        if (ErrorClassifier.classify(e) == ErrorKind.TRANSIENT) {
            return new RetriableException(what + "; the copy continues after that _id", e);
        }
        return new ConnectException(
                what + ". The copy resumes after the last delivered document when the task restarts.", e);
    }

    private SourceRecord complete(long seq) {
        SnapshotProgress done = copier.progress();
        acks.emitted(seq, done);
        finished = true;
        long tookMillis = Math.max(1, clock.millis() - startedAt);
        long copiedNow = done.copied() - copiedAtStart;
        LOG.info(
                "Copied the existing documents of {} namespace(s): {} documents in total, {} by this task in {} ms"
                        + " ({} documents/s); the change stream continues from operation time {}:{}",
                done.namespaces().size(),
                done.copied(),
                copiedNow,
                tookMillis,
                copiedNow * 1000 / tookMillis,
                done.streamStart().getTime(),
                done.streamStart().getInc());
        copier.close();
        return EventRecords.snapshotCompleteRecord(
                partition,
                OffsetShape.snapshotOffset(done, seq),
                completeTopic,
                consumerId,
                done.copied(),
                clock.millis());
    }

    static ChangeEvent event(SnapshotDocument d) {
        BsonDocument key = new BsonDocument("_id", d.document().get("_id"));
        return new ChangeEvent(
                new BsonDocument(),
                EventRecords.READ_OPERATION,
                d.namespace().database(),
                d.namespace().collection(),
                key,
                d.document(),
                null,
                null,
                null);
    }

    /** Kafka acknowledged (or Connect committed) the copy's record with sequence {@code seq}. */
    void acknowledged(long seq) {
        acks.acknowledged(seq);
    }

    /** True once the complete progress is in the local store: nothing more to do. */
    boolean settled() {
        return finished && written.done();
    }

    /** Writes the acknowledged progress to the local store when the flush interval passed (or {@code now}). */
    synchronized void writeAcknowledged(boolean now) {
        SnapshotProgress p = acks.committable();
        if (p == null || p == written || !p.isAfter(written)) {
            return;
        }
        if (!now && clock.millis() - writtenAt < flushIntervalMillis) {
            return;
        }
        local.writeSnapshot(p.toJson());
        written = p;
        writtenAt = clock.millis();
    }

    @Override
    public void close() {
        try {
            writeAcknowledged(true);
        } catch (RuntimeException e) {
            LOG.warn("Could not record the progress of the copy of existing documents in the local store", e);
        } finally {
            if (!finished) {
                copier.close();
            }
        }
    }
}
