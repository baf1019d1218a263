/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.checkpoint;

import io.tidemark.connect.offsets.PositionSource;
import io.tidemark.connect.offsets.Resolution;
import java.util.Optional;

/**
 * The position the task resumes from, and where it came from. The decision itself is the shared
 * {@link Resolution} of connect-common ({@code OffsetMirror.reconcile}, same {@link PositionSource}s);
 * this record carries what the connector needs on top of it: the position with its resume token
 * parsed, whether the local record was corrupt (a corrupt record is treated as missing by default, and the
 * startup audit and fail-fast message name it), and the sequence the next record gets, above
 * every sequence either side has seen (not only the winner's); and, when there is no position, the
 * starting point an earlier start "from now" recorded.
 *
 * @param position     the newest acknowledged position, empty when there is none
 * @param source       which side supplied it
 * @param localCorrupt the local record did not decode and was treated as missing
 * @param nextSeq      the sequence number the next emitted record gets (above every one seen)
 * @param startPoint   with no position: the recorded starting point of an earlier start "from now"; empty
 *                     otherwise
 */
public record ResumePoint(
        Optional<Position> position,
        PositionSource source,
        boolean localCorrupt,
        long nextSeq,
        Optional<StartPoint> startPoint) {

    public ResumePoint(Optional<Position> position, PositionSource source, boolean localCorrupt, long nextSeq) {
        this(position, source, localCorrupt, nextSeq, Optional.empty());
    }
}
