/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.tail;

import io.tidemark.filesource.identity.CheckHash;
import io.tidemark.filesource.identity.FileIdentity;
import io.tidemark.filesource.identity.Fingerprint;
import io.tidemark.filesource.identity.HeadProbe;
import io.tidemark.filesource.read.LineBoundary;
import io.tidemark.filesource.read.LineFormat;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where to start reading a file just opened, in this order: where it was if it is still
 * the same content; its stored position if the bytes before it still match; after the part it
 * copied from another file (copytruncate); its last line end for a file found by the first scan
 * with start position END; otherwise its beginning.
 */
final class ReadPositioner {

    private static final Logger LOG = LoggerFactory.getLogger(ReadPositioner.class);

    private final TailerOptions options;
    private final PositionLookup positions;
    private final CopyDetector copies;

    private final TailerStats stats;

    ReadPositioner(TailerOptions options, PositionLookup positions, CopyDetector copies, TailerStats stats) {
        this.options = options;
        this.positions = positions;
        this.copies = copies;
        this.stats = stats;
    }

    /** Positions {@code t} on {@code ch}; false while its identity cannot be known yet or a copy decision waits. */
    boolean position(TrackedFile t, FileChannel ch, long now) throws IOException {
        long size = ch.size();
        byte[] head = new byte[LineFormat.headBytesNeeded()];
        int hn = HeadProbe.readFully(ch, 0, head, head.length);
        t.format = options.format().resolve(head, hn);
        if (t.identity != null) {
            Optional<FileIdentity> current = HeadProbe.identity(t.key, ch, options.fingerprintBytes(), false);
            if (current.isPresent()
                    && current.get().equals(t.identity)
                    && HeadProbe.verify(ch, t.pos, t.fingerprint, t.check)) {
                return true; // same file, same content: resume where we were
            }
            LOG.info("{} changed while closed (inode reused or rewritten): treating it as a new file", t.path);
            copies.retire(t, now);
            t.identity = null;
            t.resetTo(0, 0, Fingerprint.EMPTY, CheckHash.NONE);
            t.initial = false;
        }
        Optional<FileIdentity> id = HeadProbe.identity(t.key, ch, options.fingerprintBytes(), false);
        if (id.isEmpty()) {
            return false; // no complete first line yet: wait for it to grow
        }
        t.identity = id.get();
        t.renamed = false;
        Optional<StoredPosition> stored = positions.lookup(t.identity, t.path);
        if (stored.isPresent()) {
            resumeAtStored(t, ch, stored.get());
            return true;
        }
        if (options.detectCopies()) {
            Optional<StoredPosition> origin = copies.copyOrigin(t, ch, now);
            if (t.copyDecisionUntil > now) {
                t.identity = null;
                t.waitingForCopyDecision = true;
                return false;
            }
            t.waitingForCopyDecision = false;
            t.copyDecisionUntil = 0;
            if (origin.isPresent()) {
                StoredPosition o = origin.get();
                LOG.info(
                        "{} holds the first {} bytes of {} (copytruncate): continuing after them",
                        t.path,
                        o.pos(),
                        o.fileId());
                t.resetTo(o.pos(), o.line(), o.fingerprint(), o.check());
                stats.copyDetected();
                return true;
            }
        }
        if (t.initial && options.startPosition() == StartPosition.END) {
            long p = LineBoundary.lastLineEnd(ch, t.format, size, options.maxLineBytes());
            t.resetTo(
                    p,
                    0,
                    HeadProbe.fingerprint(ch, p, options.fingerprintBytes()),
                    HeadProbe.checkBefore(ch, p, options.checkBytes()));
            return true;
        }
        t.resetTo(0, 0, Fingerprint.EMPTY, CheckHash.NONE);
        return true;
    }

    /** At the stored position when the bytes before it still match, else at the start. */
    private void resumeAtStored(TrackedFile t, FileChannel ch, StoredPosition s) throws IOException {
        if (s.pos() >= 0 && HeadProbe.verify(ch, s.pos(), s.fingerprint(), s.check())) {
            long p = s.pos();
            Fingerprint fp = s.fingerprint() != null
                    ? s.fingerprint()
                    : HeadProbe.fingerprint(ch, p, options.fingerprintBytes());
            CheckHash ck = s.check() != null ? s.check() : HeadProbe.checkBefore(ch, p, options.checkBytes());
            t.resetTo(p, s.line(), fp, ck);
            LOG.debug("{} resumes at byte {} (line {})", t.path, p, s.line());
            return;
        }
        LOG.warn(
                "{}: the stored position {} of {} does not match the file's contents (the file is shorter, or"
                        + " its first bytes or the bytes before that position differ: inode reused, truncated or"
                        + " rewritten): reading it again from the start, so its lines may be sent twice. If the"
                        + " position was set by hand, set it again with only 'pos' and 'line' to resume there",
                t.path,
                s.pos(),
                t.identity.id());
        t.resetTo(0, 0, Fingerprint.EMPTY, CheckHash.NONE);
    }
}
