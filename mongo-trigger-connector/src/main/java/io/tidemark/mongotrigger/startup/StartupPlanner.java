/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.startup;

import io.tidemark.mongotrigger.audit.AuditLog;
import io.tidemark.mongotrigger.checkpoint.ResumePoint;
import io.tidemark.mongotrigger.stream.StartPosition;

/**
 * Where the change stream starts, by whether a checkpoint exists:
 * <pre>
 * checkpoint exists                       -> resume after the stored token
 * missing, StartFromNow=true              -> start from now, log "AUDIT: Starting watch from NOW (checkpoint missing)"
 * missing, StartFromNow=false             -> fail fast
 * corrupted                               -> treated as missing (then one of the two rows above)
 * </pre>
 * plus two rows of our own: missing with a starting point recorded by an earlier start from now resumes
 * at that point (audited: "Resuming watch from the recorded starting point"), so "now" is decided once
 * and a crash before the first committed position does not skip what happened in between; missing with
 * a configured start operation time starts there (audited). A start from now is turned into an operation
 * time and recorded before the stream opens ({@link io.tidemark.mongotrigger.stream.ResumableStream}).
 */
public final class StartupPlanner {

    private StartupPlanner() {}

    public static StartPosition plan(
            ResumePoint resolution, StartupSettings settings, String checkpointKey, AuditLog audit) {
        if (resolution.position().isPresent()) {
            return StartPosition.after(resolution.position().get().token());
        }
        String why = resolution.localCorrupt() ? "corrupt, treated as missing" : "missing";
        if (resolution.startPoint().isPresent()) {
            var start = resolution.startPoint().get();
            audit.record(AuditLog.RESUME_FROM_START_POINT + ", " + start + " (checkpoint " + why
                    + ": no position was committed since the first start from now)");
            return StartPosition.at(start.operationTime());
        }
        if (settings.startAtOperation().isPresent()) {
            var ts = settings.startAtOperation().get();
            audit.record("AUDIT: Starting watch at operation time " + ts.getTime() + ":" + ts.getInc() + " (checkpoint "
                    + why + ")");
            return StartPosition.at(ts);
        }
        if (settings.startFromNow()) {
            if (resolution.localCorrupt()) {
                audit.record("AUDIT: Checkpoint " + checkpointKey + " is corrupt; treating it as missing");
            }
            audit.record(AuditLog.START_FROM_NOW);
            return StartPosition.now();
        }
        throw new CheckpointMissingException("No checkpoint to resume from: " + checkpointKey + " is " + why
                + " in the local checkpoint store and Kafka Connect holds no offset for this consumer."
                + " Refusing to start, because starting anywhere would silently skip or replay data."
                + " To start from the current end of the change stream set start.from.now=true (logged as AUDIT);"
                + " to start at a known point set start.at.operation.time=<seconds>[:<increment>].");
    }
}
