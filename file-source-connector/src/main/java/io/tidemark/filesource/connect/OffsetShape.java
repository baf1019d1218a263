/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import io.tidemark.filesource.identity.CheckHash;
import io.tidemark.filesource.identity.FileIdentity;
import io.tidemark.filesource.identity.Fingerprint;
import io.tidemark.filesource.read.Line;
import io.tidemark.filesource.tail.StoredPosition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape of the file source's Connect partitions and offsets.
 *
 * <pre>
 * partition: {"file.id": "&lt;dev&gt;:&lt;inode&gt;:&lt;16 hex&gt;"}
 * offset:    {"pos": byte offset to resume from, "line": last line number before it,
 *             "fp.len": n, "fp": hash of the first n bytes (int64), "check.len": m,
 *             "check": hash of the m bytes before pos (int64),
 *             "path": last known path, "tidemark.seq": .., "tidemark.sig": ..}
 * </pre>
 * Tasks write the hashes as JSON integers; an offset may also carry them as strings of the same
 * integer ({@code "fp": "-3750763034362895579"}), which JSON tools that read numbers as doubles
 * cannot round. A hash that is a floating-point number (already rounded) or does not decode is
 * rejected, never ignored. An operator may write an offset with only {@code pos} (and optionally
 * {@code line}): it is then trusted as long as the file is at least that long.
 */
public final class OffsetShape {

    /** Largest head fingerprint length an offset may carry. */
    private static final int MAX_FINGERPRINT_LEN = 65_536;
    /** Largest check window length an offset may carry. */
    private static final int MAX_CHECK_LEN = 4096;

    public static final String FILE_ID = "file.id";
    public static final String POS = "pos";
    public static final String LINE = "line";
    public static final String FP_LEN = "fp.len";
    public static final String FP = "fp";
    public static final String CHECK_LEN = "check.len";
    public static final String CHECK = "check";
    public static final String PATH = "path";

    /** A hash written as a string: the decimal digits of a signed 64-bit integer. */
    private static final Pattern DECIMAL_LONG = Pattern.compile("-?[0-9]{1,19}");

    private static final Set<String> OFFSET_KEYS =
            Set.of(POS, LINE, FP_LEN, FP, CHECK_LEN, CHECK, PATH, "tidemark.seq", "tidemark.sig");

    private OffsetShape() {}

    public static Map<String, String> partition(String fileId) {
        return Map.of(FILE_ID, fileId);
    }

    /** The offset after {@code line} (unstamped). */
    public static Map<String, Object> offset(Line line, String path) {
        Map<String, Object> o = new LinkedHashMap<>(12);
        o.put(POS, line.end());
        o.put(LINE, line.lastNumber());
        o.put(FP_LEN, (long) line.fingerprint().length());
        o.put(FP, line.fingerprint().hash());
        o.put(CHECK_LEN, (long) line.check().length());
        o.put(CHECK, line.check().hash());
        o.put(PATH, path);
        return o;
    }

    /** Reads an offset (already shape-checked or written by a task) as a stored position. */
    public static StoredPosition toPosition(String fileId, Map<String, ?> offset) {
        long pos = ((Number) offset.get(POS)).longValue();
        long line = offset.get(LINE) instanceof Number n ? n.longValue() : 0L;
        Fingerprint fp = null;
        Long fpHash = hashValue(offset.get(FP));
        if (fpHash != null && offset.get(FP_LEN) instanceof Number len) {
            fp = new Fingerprint(len.intValue(), fpHash);
        }
        CheckHash check = null;
        Long checkHash = hashValue(offset.get(CHECK));
        if (checkHash != null && offset.get(CHECK_LEN) instanceof Number len) {
            check = new CheckHash(len.intValue(), checkHash);
        }
        Object path = offset.get(PATH);
        return new StoredPosition(fileId, pos, line, fp, check, path == null ? null : path.toString());
    }

    /** The file id of a partition, or null when the partition does not have this connector's shape. */
    public static String fileIdOf(Map<String, ?> partition) {
        if (partition == null
                || partition.size() != 1
                || !(partition.get(FILE_ID) instanceof String id)
                || !FileIdentity.isValidId(id)) {
            return null;
        }
        return id;
    }

    /**
     * Checks a partition and offset an operator wants to write; returns the problem, or null when
     * they are acceptable. A null offset (reset) is acceptable for any well-formed partition.
     */
    public static String problem(Map<String, ?> partition, Map<String, ?> offset) {
        if (fileIdOf(partition) == null) {
            return "source partition must be {\"" + FILE_ID + "\": \"<dev>:<inode>:<16 hex digits>\"}, as GET"
                    + " /connectors/NAME/offsets shows, but was " + partition;
        }
        if (offset == null) {
            return null;
        }
        for (String k : offset.keySet()) {
            if (!OFFSET_KEYS.contains(k)) {
                return "unknown offset field '" + k + "'; allowed: " + OFFSET_KEYS;
            }
        }
        if (!(offset.get(POS) instanceof Number pos) || !isIntegral(pos) || pos.longValue() < 0) {
            return "offset field '" + POS + "' must be a byte offset >= 0, was " + offset.get(POS);
        }
        Object line = offset.get(LINE);
        if (line != null && (!(line instanceof Number n) || !isIntegral(n) || n.longValue() < 0)) {
            return "offset field '" + LINE + "' must be a line number >= 0, was " + line;
        }
        String pair = pairProblem(offset, FP_LEN, FP, MAX_FINGERPRINT_LEN);
        if (pair != null) {
            return pair;
        }
        pair = pairProblem(offset, CHECK_LEN, CHECK, MAX_CHECK_LEN);
        if (pair != null) {
            return pair;
        }
        if (offset.get(CHECK_LEN) instanceof Number cl && cl.longValue() > pos.longValue()) {
            return "offset field '" + CHECK_LEN + "' (" + cl.longValue() + ") cannot exceed '" + POS + "' ("
                    + pos.longValue() + "): '" + CHECK + "' describes the bytes before another position (the one"
                    + " the task wrote, if '" + POS + "' was changed). Remove '" + CHECK + "' and '" + CHECK_LEN
                    + "' for a position-only offset, or send the offset as GET /connectors/NAME/offsets shows it";
        }
        Object path = offset.get(PATH);
        if (path != null && !(path instanceof String)) {
            return "offset field '" + PATH + "' must be a string";
        }
        return null;
    }

    private static String pairProblem(Map<String, ?> offset, String lenKey, String hashKey, int max) {
        Object len = offset.get(lenKey);
        Object hash = offset.get(hashKey);
        if (len == null && hash == null) {
            return null;
        }
        if (len == null || hash == null) {
            return "offset fields '" + lenKey + "' and '" + hashKey + "' go together (or leave both out)";
        }
        if (!(len instanceof Number n) || !isIntegral(n) || n.longValue() < 0 || n.longValue() > max) {
            return "offset field '" + lenKey + "' must be an integer between 0 and " + max;
        }
        if (hashValue(hash) == null) {
            if (hash instanceof Double || hash instanceof Float || hash instanceof BigDecimal) {
                return "offset field '" + hashKey + "' is the floating-point number " + hash + ": a 64-bit hash"
                        + " read as a JSON double has lost its last digits (jq before 1.7 and JavaScript round"
                        + " it). Send its exact digits as GET /connectors/NAME/offsets shows them, as a number or"
                        + " as a string (\"" + hashKey + "\": \"-3750763034362895579\"), or leave out '" + hashKey
                        + "' and '" + lenKey + "'";
            }
            return "offset field '" + hashKey + "' must be a 64-bit integer or a string of one (\"" + hashKey
                    + "\": \"-3750763034362895579\"), as GET /connectors/NAME/offsets shows it, but was " + hash
                    + "; or leave out '" + hashKey + "' and '" + lenKey + "'";
        }
        return null;
    }

    /**
     * The 64-bit integer a hash field holds: a JSON integer, or a string of its decimal digits. Null
     * when it is neither, e.g. a floating-point number, whose low digits are gone.
     */
    static Long hashValue(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < Long.SIZE ? b.longValue() : null;
        }
        if (v instanceof String s && DECIMAL_LONG.matcher(s).matches()) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException outOfRange) {
                return null;
            }
        }
        return null;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long
                || n instanceof Integer
                || n instanceof Short
                || n instanceof Byte
                || (n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue()));
    }
}
