/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import io.tidemark.filesource.tail.TailEvent;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/** Turns tailed events into source records: topic, key, value, headers, partition and stamped offset. */
final class RecordMaker {

    static final String H_PATH = "tidemark.path";
    static final String H_FILE_ID = "tidemark.file.id";
    static final String H_OFFSET = "tidemark.offset";
    static final String H_LINE = "tidemark.line";
    static final String H_HOST = "tidemark.host";

    private final TopicNamer topics;
    private final boolean bytes;
    private final String keyMode;
    private final boolean hPath;
    private final boolean hFileId;
    private final boolean hOffset;
    private final boolean hLine;
    private final boolean hHost;
    private final String host;
    private final ToLongFunction<String> nextSeq;
    private final RecordSizeBudget budget;
    private final int hostBytes;

    RecordMaker(FileSourceConfig config, ToLongFunction<String> nextSeq) {
        this.topics = new TopicNamer(config.topicTemplate());
        this.bytes = config.valueAsBytes();
        this.keyMode = config.keyMode();
        java.util.Set<String> headers = config.headers();
        this.hPath = headers.contains("path");
        this.hFileId = headers.contains("file.id");
        this.hOffset = headers.contains("offset");
        this.hLine = headers.contains("line");
        this.hHost = headers.contains("host");
        this.host = config.host();
        this.nextSeq = nextSeq;
        this.budget = config.recordSizeBudget();
        this.hostBytes = RecordSizeBudget.utf8Length(host);
    }

    /** The partition of the last file id seen: records of one file share one (immutable) map. */
    private String lastFileId;

    private Map<String, String> lastPartition;

    private Map<String, String> partition(String fileId) {
        if (fileId != lastFileId) {
            lastPartition = OffsetShape.partition(fileId);
            lastFileId = fileId;
        }
        return lastPartition;
    }

    private java.nio.file.Path lastPath;
    private String lastPathString;
    private int lastPathBytes;

    private String pathString(TailEvent e) {
        if (e.path() != lastPath) {
            lastPath = e.path();
            lastPathString = lastPath.toString();
            lastPathBytes = RecordSizeBudget.utf8Length(lastPathString);
        }
        return lastPathString;
    }

    SourceRecord toRecord(TailEvent e, Charset charset) {
        Map<String, String> partition = partition(e.fileId());
        String path = pathString(e);
        FileOffset offset = new FileOffset(e.line(), path, nextSeq.applyAsLong(e.fileId()));
        Object key =
                switch (keyMode) {
                    case "file.id" -> e.fileId();
                    case "path" -> path;
                    default -> null;
                };
        Schema keySchema = key == null ? null : Schema.STRING_SCHEMA;
        int valueBudget = budget.valueBudget(keyAndHeaderBytes(key, e.fileId()));
        Object value = bytes
                ? RecordSizeBudget.fit(e.line().content(), valueBudget)
                : RecordSizeBudget.fit(e.line().text(charset), valueBudget);
        Schema valueSchema = bytes ? Schema.BYTES_SCHEMA : Schema.STRING_SCHEMA;
        ConnectHeaders h = new ConnectHeaders();
        if (hPath) {
            h.addString(H_PATH, path);
        }
        if (hFileId) {
            h.addString(H_FILE_ID, e.fileId());
        }
        if (hOffset) {
            h.addLong(H_OFFSET, e.line().start());
        }
        if (hLine) {
            h.addLong(H_LINE, e.line().number());
        }
        if (hHost) {
            h.addString(H_HOST, host);
        }
        return new SourceRecord(
                partition, offset, topics.topicFor(e.path()), null, keySchema, key, valueSchema, value, null, h);
    }

    /** Longest decimal form of a long header value, as the default header converter writes it. */
    private static final int LONG_HEADER_BYTES = 20;

    /** Serialized size of the key and the headers this maker adds (names and values), an upper bound. */
    private int keyAndHeaderBytes(Object key, String fileId) {
        // file ids are ASCII ('<dev>:<inode>:<hex>'): one byte per char
        int n = key == null ? 0 : key == lastPathString ? lastPathBytes : ((String) key).length();
        if (hPath) {
            n += H_PATH.length() + lastPathBytes;
        }
        if (hFileId) {
            n += H_FILE_ID.length() + fileId.length();
        }
        if (hOffset) {
            n += H_OFFSET.length() + LONG_HEADER_BYTES;
        }
        if (hLine) {
            n += H_LINE.length() + LONG_HEADER_BYTES;
        }
        if (hHost) {
            n += H_HOST.length() + hostBytes;
        }
        return n;
    }
}
