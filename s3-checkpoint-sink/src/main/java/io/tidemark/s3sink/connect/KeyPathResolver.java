/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import io.tidemark.s3sink.TopicPartitionId;
import io.tidemark.s3sink.format.UnencodableRecordException;
import io.tidemark.s3sink.manifest.KeyTemplate;
import io.tidemark.s3sink.manifest.ObjectLayout;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Resolves the record variables of the key template for one Connect record: the record time
 * (from the record's timestamp, a value field or a header, as {@code timestamp.extractor} says,
 * in {@code timezone}), value fields and headers. The result depends on the record alone, so a
 * replay resolves every record to the same path. A record that cannot be resolved (no timestamp,
 * a missing or empty field or header, a value that is no struct or map) is an {@link
 * UnencodableRecordException}: the task sends it to the dead letter queue or fails, as it does
 * with a record the format cannot write. Used by one thread.
 */
public final class KeyPathResolver {

    /** Where the record time of the key template comes from. */
    public enum TimestampSource {
        /** The Kafka record's timestamp. */
        RECORD("Record"),
        /** A field of the record value ({@code timestamp.field}, a dotted path). */
        RECORD_FIELD("RecordField"),
        /** A header of the record ({@code timestamp.field}, its name). */
        HEADER("Header");

        final String setting;

        TimestampSource(String setting) {
            this.setting = setting;
        }

        static TimestampSource of(String setting) {
            for (TimestampSource s : values()) {
                if (s.setting.equalsIgnoreCase(setting.strip())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown timestamp extractor " + setting);
        }
    }

    private final ObjectLayout layout;
    private final KeyTemplate template;
    private final ZoneId zone;
    private final TimestampSource source;
    private final String timestampField;
    private String lastChecked;
    private TopicPartitionId lastCheckedTp;

    public KeyPathResolver(ObjectLayout layout, ZoneId zone, TimestampSource source, String timestampField) {
        this.layout = layout;
        this.template = layout.keyTemplate();
        this.zone = zone;
        this.source = source;
        this.timestampField = timestampField;
    }

    /** The template resolved for {@code r}; null when the template has no record variables. */
    public String resolve(SinkRecord r, TopicPartitionId tp) {
        if (!template.hasRecordVariables()) {
            return null;
        }
        String path;
        try {
            ZonedDateTime time = template.usesRecordTime() ? recordTime(r) : null;
            path = template.resolve(time, v -> switch (v.kind()) {
                case FIELD -> keyValue(v.text(), fieldValue(r.value(), v.argument(), v.text()));
                case HEADER -> keyValue(v.text(), headerValue(r, v.argument(), v.text()));
                default -> throw new IllegalStateException(v.text());
            });
            if (!path.equals(lastChecked) || !tp.equals(lastCheckedTp)) {
                layout.checkKeyLength(tp, path);
                lastChecked = path;
                lastCheckedTp = tp;
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new UnencodableRecordException(
                    "its object key cannot be built from " + S3CheckpointSinkConfig.KEY_TEMPLATE_CONFIG + "="
                            + template.text() + ": " + e.getMessage(),
                    e);
        }
        return path;
    }

    private ZonedDateTime recordTime(SinkRecord r) {
        long millis =
                switch (source) {
                    case RECORD -> {
                        if (r.timestamp() == null) {
                            throw new IllegalArgumentException("the record has no timestamp (timestamp.extractor="
                                    + source.setting + "); set timestamp.extractor=RecordField or Header with"
                                    + " timestamp.field to take the time from the record");
                        }
                        yield r.timestamp();
                    }
                    case RECORD_FIELD ->
                        timestamp(
                                fieldValue(r.value(), timestampField, "timestamp.field=" + timestampField),
                                "timestamp.field=" + timestampField);
                    case HEADER ->
                        timestamp(
                                headerValue(r, timestampField, "the header " + timestampField + " (timestamp.field)"),
                                "the header " + timestampField + " (timestamp.field)");
                };
        return Instant.ofEpochMilli(millis).atZone(zone);
    }

    /** Epoch milliseconds from a field or header: a number, a Connect Timestamp, or an ISO-8601 string. */
    private static long timestamp(Object v, String what) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.util.Date d) {
            return d.getTime();
        }
        if (v instanceof String s) {
            String t = s.strip();
            if (!t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Long.parseLong(t);
            }
            try {
                return OffsetDateTime.parse(t).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(what + " is \"" + abbreviate(t) + "\", neither epoch milliseconds"
                        + " nor an ISO-8601 time with an offset (2026-12-03T10:15:30+05:30 or ...Z)");
            }
        }
        throw new IllegalArgumentException(what + " is a " + v.getClass().getSimpleName()
                + ", not a timestamp (epoch milliseconds, a Connect Timestamp or an ISO-8601 string)");
    }

    /** The value at the dotted {@code path} of a Struct or Map record value. */
    private static Object fieldValue(Object value, String path, String what) {
        Object at = value;
        String walked = "";
        for (String name : path.split("\\.", -1)) {
            if (at instanceof Struct s) {
                Field f = s.schema().field(name);
                at = f == null ? null : s.get(f);
            } else if (at instanceof Map<?, ?> m) {
                at = m.get(name);
            } else {
                throw new IllegalArgumentException(what + " needs a record value with fields (a Struct, or a Map from"
                        + " a schemaless JSON converter), but "
                        + (walked.isEmpty() ? "the value" : "the field " + walked) + " is "
                        + (at == null ? "null" : "a " + at.getClass().getSimpleName()));
            }
            walked = walked.isEmpty() ? name : walked + "." + name;
            if (at == null) {
                throw new IllegalArgumentException(
                        what + ": the record value has no field " + walked + " (or it is null)");
            }
        }
        return at;
    }

    private static Object headerValue(SinkRecord r, String name, String what) {
        Header h = r.headers().lastWithName(name);
        if (h == null || h.value() == null) {
            throw new IllegalArgumentException(what + ": the record has no header " + name + " (or it is null)");
        }
        return h.value();
    }

    /** A field or header value as key text: strings, numbers, booleans; nothing structured. */
    private static String keyValue(String what, Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof Character) {
            return v.toString();
        }
        if (v instanceof java.util.Date d) {
            return d.toInstant().toString();
        }
        throw new IllegalArgumentException(what + " is a " + v.getClass().getSimpleName()
                + "; only strings, numbers and booleans can go into an object key");
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (time from %s in %s)", template.text(), source.setting, zone.getId());
    }
}
