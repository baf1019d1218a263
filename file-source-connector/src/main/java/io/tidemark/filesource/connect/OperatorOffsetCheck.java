/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import io.tidemark.connect.offsets.OffsetMirror;
import io.tidemark.filesource.identity.FileIdentity;
import io.tidemark.filesource.identity.PositionVerifier;
import io.tidemark.filesource.tail.StoredPosition;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks an offset an operator wants to write ({@code PATCH /connectors/NAME/offsets}) against the
 * file it names, on the worker that serves the request. Connect writes the offset exactly as sent,
 * so an offset whose hashes cannot apply at its position must be rejected here: the task would
 * otherwise find that the bytes do not match and read the file again from the start.
 *
 * <ul>
 *   <li>An offset exactly as the task wrote it (its {@code tidemark.sig} still matches) is accepted:
 *       its hashes were taken at its position.</li>
 *   <li>Any other offset is checked against the file at its {@code path} when that file is the one
 *       its file id names: {@code pos} must be within the file, {@code fp} must match its head and
 *       {@code check} the bytes before {@code pos}.</li>
 *   <li>When the file cannot be checked on this worker, an edited offset may not carry {@code fp}
 *       or {@code check} (they may describe another position, or have been rounded by a JSON
 *       tool); a position-only offset is accepted and checked by the task when it opens the
 *       file.</li>
 * </ul>
 */
final class OperatorOffsetCheck {

    private OperatorOffsetCheck() {}

    /** The problem with an offset already shape-checked by {@link OffsetShape#problem}, or null when it can apply. */
    static String problem(String fileId, Map<String, ?> offset, int fingerprintBytes) {
        if (OffsetMirror.isTaskWritten(offset)) {
            return null;
        }
        StoredPosition p = OffsetShape.toPosition(fileId, offset);
        boolean hashes = p.fingerprint() != null || p.check() != null;
        Path path;
        try {
            path = p.path() == null ? null : Path.of(p.path());
        } catch (InvalidPathException e) {
            return "offset field '" + OffsetShape.PATH + "' is not a path on this worker: " + e.getMessage();
        }
        PositionVerifier.Result r = PositionVerifier.verify(
                path, FileIdentity.parse(fileId), p.pos(), p.fingerprint(), p.check(), fingerprintBytes);
        String of = "offset of " + (path == null ? "" : "'" + path + "' ") + "(" + fileId + "): ";
        if (r instanceof PositionVerifier.Verified) {
            return null;
        }
        if (r instanceof PositionVerifier.NotVisible nv) {
            if (!hashes) {
                return null; // position-only: the task checks the file's size (and nothing else) at resume
            }
            String fields = hashFields(p);
            return of + fields + " cannot be checked against the file on this worker (" + nv.reason()
                    + "), and the offset is not the one the task wrote (edited or written by hand), so they may"
                    + " describe another position or have been rounded by a JSON tool. Remove " + fields
                    + " for a position-only offset (the task resumes at '" + OffsetShape.POS + "' if the file is"
                    + " at least that long), or send the offset exactly as GET /connectors/NAME/offsets shows it";
        }
        PositionVerifier.Mismatch m = (PositionVerifier.Mismatch) r;
        return switch (m.part()) {
            case PositionVerifier.POS ->
                of + "'" + OffsetShape.POS + "' " + p.pos() + " is past the end of the file ("
                        + m.size() + " bytes): the task would read it again from the start. Use a position within the"
                        + " file (the byte after a line's delimiter)";
            case PositionVerifier.FINGERPRINT ->
                of + "'" + OffsetShape.FP + "' does not match the first "
                        + p.fingerprint().length() + " bytes of the file (" + m.size() + " bytes long now). Send '"
                        + OffsetShape.FP
                        + "' exactly as GET /connectors/NAME/offsets shows it (as a string if your JSON"
                        + " tool rounds large numbers), or leave out '" + OffsetShape.FP + "' and '"
                        + OffsetShape.FP_LEN
                        + "'";
            default ->
                of + "'" + OffsetShape.CHECK + "' does not match the "
                        + p.check().length()
                        + " bytes before '" + OffsetShape.POS + "' " + p.pos() + ": it describes the bytes before"
                        + " another position (the one the task wrote, if '" + OffsetShape.POS + "' was changed)."
                        + " Remove '" + OffsetShape.CHECK + "' and '" + OffsetShape.CHECK_LEN + "' for a position-only"
                        + " offset, or send the offset as GET /connectors/NAME/offsets shows it";
        };
    }

    private static String hashFields(StoredPosition p) {
        String fp = "'" + OffsetShape.FP + "'/'" + OffsetShape.FP_LEN + "'";
        String check = "'" + OffsetShape.CHECK + "'/'" + OffsetShape.CHECK_LEN + "'";
        if (p.fingerprint() != null && p.check() != null) {
            return fp + " and " + check;
        }
        return p.fingerprint() != null ? fp : check;
    }
}
