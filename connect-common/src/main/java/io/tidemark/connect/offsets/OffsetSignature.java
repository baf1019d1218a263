package io.tidemark.connect.offsets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Marks the source offsets a Tidemark task writes, so that an offset written by hand through
 * {@code PATCH /connectors/NAME/offsets} can be told apart from one a task wrote: an operator's
 * edit changes the fields but not the signature. It is a tamper-evidence check for operators,
 * not a security feature.
 *
 * <p>The signature covers every field except itself, in a canonical form where integral numbers
 * are compared by value (Connect hands back Integer or Long depending on the converter).
 */
final class OffsetSignature {

    static final String SEQ_FIELD = "tidemark.seq";
    static final String SIG_FIELD = "tidemark.sig";

    private OffsetSignature() {
    }

    static String sign(Map<String, ?> offsetWithoutSignature) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(canonical(offsetWithoutSignature).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** True when the offset carries a signature that matches its fields. */
    static boolean isSigned(Map<String, ?> offset) {
        Object sig = offset.get(SIG_FIELD);
        if (!(sig instanceof String s)) {
            return false;
        }
        Map<String, Object> rest = new TreeMap<>(offset);
        rest.remove(SIG_FIELD);
        return s.equals(sign(rest));
    }

    /** A stable text form of a flat map: sorted keys, typed values. */
    static String canonical(Map<String, ?> map) {
        StringBuilder sb = new StringBuilder("{");
        new TreeMap<>(map).forEach((k, v) -> {
            sb.append(k.length()).append(':').append(k).append('=');
            appendValue(sb, v);
            sb.append(';');
        });
        return sb.append('}').toString();
    }

    private static void appendValue(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("n");
        } else if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            sb.append("i").append(((Number) v).longValue());
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
                sb.append("i").append((long) d);
            } else {
                sb.append("d").append(d);
            }
        } else if (v instanceof Boolean b) {
            sb.append("b").append(b);
        } else if (v instanceof byte[] bytes) {
            sb.append("x").append(HexFormat.of().formatHex(bytes));
        } else {
            String s = v.toString();
            sb.append("s").append(s.length()).append(':').append(s);
        }
    }
}
