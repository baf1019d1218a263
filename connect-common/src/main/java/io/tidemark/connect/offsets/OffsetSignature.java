/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.offsets;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Marks the source offsets a Tidemark task writes, so that an offset written by hand through
 * {@code PATCH /connectors/NAME/offsets} can be told apart from one a task wrote: an operator's
 * edit changes the fields but not the signature. It is a tamper-evidence check for operators, not
 * a security feature: a CRC32C (hardware-accelerated) of a canonical form, cheap enough to run for
 * every record a task emits.
 *
 * <p>The canonical form sorts the keys and compares integral numbers by value (Connect hands back
 * Integer or Long depending on the converter).
 */
final class OffsetSignature {

    static final String SEQ_FIELD = "tidemark.seq";
    static final String SIG_FIELD = "tidemark.sig";

    private OffsetSignature() {}

    /** The signature of every field of {@code offset} except {@link #SIG_FIELD}. */
    static String sign(Map<String, ?> offset) {
        CanonicalBytes out = CanonicalBytes.get();
        for (String k : out.sortedKeys(offset)) {
            if (k.equals(SIG_FIELD)) {
                continue;
            }
            out.putString(k);
            putValue(out, offset.get(k));
        }
        CRC32C crc = out.crc;
        crc.reset();
        crc.update(out.bytes, 0, out.length);
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    private static void putValue(CanonicalBytes out, Object v) {
        if (v == null) {
            out.putTag('n');
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.putTag('i').putLong(((Number) v).longValue());
        } else if (v instanceof String s) {
            out.putTag('s').putString(s);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
                out.putTag('i').putLong((long) d);
            } else {
                out.putTag('d').putLong(Double.doubleToLongBits(d));
            }
        } else if (v instanceof Boolean b) {
            out.putTag(b ? 'T' : 'F');
        } else if (v instanceof byte[] bytes) {
            out.putTag('x').putLong(bytes.length);
            for (byte x : bytes) {
                out.putTag((char) (x & 0xff));
            }
        } else {
            out.putTag('s').putString(v.toString());
        }
    }

    /** A per-thread, reused buffer the canonical form is written into: no allocation per record. */
    private static final class CanonicalBytes {
        private static final ThreadLocal<CanonicalBytes> LOCAL = ThreadLocal.withInitial(CanonicalBytes::new);
        byte[] bytes = new byte[512];
        int length;
        final CRC32C crc = new CRC32C();
        private char[] chars = new char[128];
        /** The keys of the last map in its iteration order, and sorted: a task signs maps of one shape. */
        private String[] lastKeys = new String[0];

        private String[] lastSorted = new String[0];

        /** The keys of {@code map}, sorted; reuses the last sort when the map has the same key objects in the same order. */
        String[] sortedKeys(Map<String, ?> map) {
            String[] last = lastKeys;
            if (map.size() == last.length) {
                int i = 0;
                for (String k : map.keySet()) {
                    if (k != last[i]) {
                        break;
                    }
                    i++;
                }
                if (i == last.length) {
                    return lastSorted;
                }
            }
            String[] keys = map.keySet().toArray(new String[0]);
            String[] sorted = keys.clone();
            Arrays.sort(sorted);
            lastKeys = keys;
            lastSorted = sorted;
            return sorted;
        }

        static CanonicalBytes get() {
            CanonicalBytes b = LOCAL.get();
            b.length = 0;
            return b;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        CanonicalBytes putTag(char c) {
            ensure(1);
            bytes[length++] = (byte) c;
            return this;
        }

        CanonicalBytes putLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[length++] = (byte) (v >>> shift);
            }
            return this;
        }

        /** Length-prefixed UTF-16 code units: unambiguous and cheap. */
        CanonicalBytes putString(String s) {
            int n = s.length();
            putLong(n);
            ensure(2 * n);
            if (chars.length < n) {
                chars = new char[Math.max(n, 2 * chars.length)];
            }
            s.getChars(0, n, chars, 0);
            byte[] b = bytes;
            int at = length;
            for (int i = 0; i < n; i++) {
                char c = chars[i];
                b[at] = (byte) (c >>> 8);
                b[at + 1] = (byte) c;
                at += 2;
            }
            length = at;
            return this;
        }
    }

    /** True when the offset carries a signature that matches its fields. */
    static boolean isSigned(Map<String, ?> offset) {
        return offset.get(SIG_FIELD) instanceof String s && s.equals(sign(offset));
    }

    /** A stable text form of a flat map without its signature: sorted keys, typed values. */
    static String canonical(Map<String, ?> map) {
        String[] keys = map.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        StringBuilder sb = new StringBuilder(32 * keys.length + 2).append('{');
        for (String k : keys) {
            if (k.equals(SIG_FIELD)) {
                continue;
            }
            sb.append(k.length()).append(':').append(k).append('=');
            appendValue(sb, map.get(k));
            sb.append(';');
        }
        return sb.append('}').toString();
    }

    private static void appendValue(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append('n');
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            sb.append('i').append(((Number) v).longValue());
        } else if (v instanceof String s) {
            sb.append('s').append(s.length()).append(':').append(s);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
                sb.append('i').append((long) d);
            } else {
                sb.append('d').append(d);
            }
        } else if (v instanceof Boolean b) {
            sb.append('b').append(b);
        } else if (v instanceof byte[] bytes) {
            sb.append('x').append(HexFormat.of().formatHex(bytes));
        } else {
            String s = v.toString();
            sb.append('s').append(s.length()).append(':').append(s);
        }
    }
}
