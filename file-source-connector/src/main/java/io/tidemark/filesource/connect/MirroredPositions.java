/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.connect.offsets.Resolution;
import io.tidemark.filesource.identity.FileIdentity;
import io.tidemark.filesource.tail.PositionLookup;
import io.tidemark.filesource.tail.StoredPosition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tailer's view of stored positions: Connect's offset for a partition reconciled with the
 * local checkpoint store by {@link OffsetMirror#resolve} (or Connect's alone when mirroring is off).
 * Also keeps each partition's record sequence, which continues from the resolved offset.
 */
final class MirroredPositions implements PositionLookup {

    private static final Logger LOG = LoggerFactory.getLogger(MirroredPositions.class);

    private final OffsetMirror mirror;
    private final Function<Map<String, String>, Map<String, Object>> connectOffsets;
    private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();

    /**
     * @param mirror          null when mirroring is off
     * @param connectOffsets  Connect's offset of a partition (null when none)
     */
    MirroredPositions(OffsetMirror mirror, Function<Map<String, String>, Map<String, Object>> connectOffsets) {
        this.mirror = mirror;
        this.connectOffsets = connectOffsets;
    }

    @Override
    public Optional<StoredPosition> lookup(FileIdentity identity, Path path) {
        String id = identity.id();
        Map<String, String> partition = OffsetShape.partition(id);
        Map<String, Object> connect = connectOffsets.apply(partition);
        Optional<Map<String, Object>> offset;
        if (mirror != null) {
            Resolution r = mirror.resolve(partition, connect);
            offset = r.offset();
            seqAtLeast(id, r.seq());
            if (r.offset().isPresent()) {
                LOG.info(
                        "{} ({}) resumes from the {} position {}",
                        path,
                        id,
                        r.source(),
                        r.offset().get().get(OffsetShape.POS));
            }
        } else {
            offset = Optional.ofNullable(connect);
            offset.ifPresent(o -> seqAtLeast(id, Math.max(0, OffsetMirror.seqOf(o))));
        }
        if (offset.isEmpty()) {
            seqAtLeast(id, 0L);
            return Optional.empty();
        }
        String problem = OffsetShape.problem(partition, offset.get());
        if (problem != null) {
            throw new ConnectException("The stored offset of file " + path + " (" + id + ") is not usable: " + problem
                    + ". Fix or reset it with PATCH/DELETE /connectors/NAME/offsets (stop the connector first).");
        }
        return Optional.of(OffsetShape.toPosition(id, offset.get()));
    }

    @Override
    public Collection<StoredPosition> known() {
        if (mirror == null) {
            return List.of();
        }
        List<StoredPosition> out = new ArrayList<>();
        mirror.localPositions().forEach((partition, local) -> {
            String id = OffsetShape.fileIdOf(partition);
            if (id == null) {
                return;
            }
            // the newer of the local and Connect's position: the local store may lag what was delivered
            Map<String, Object> connect = connectOffsets.apply(OffsetShape.partition(id));
            Map<String, Object> offset = OffsetMirror.reconcile(connect, Optional.of(local), null)
                    .offset()
                    .orElse(local);
            if (OffsetShape.problem(partition, offset) == null) {
                out.add(OffsetShape.toPosition(id, offset));
            }
        });
        return out;
    }

    /** The next record sequence of a partition. */
    long nextSeq(String fileId) {
        return seqs.computeIfAbsent(fileId, k -> new AtomicLong()).incrementAndGet();
    }

    private void seqAtLeast(String fileId, long seq) {
        seqs.computeIfAbsent(fileId, k -> new AtomicLong()).accumulateAndGet(seq, Math::max);
    }
}
