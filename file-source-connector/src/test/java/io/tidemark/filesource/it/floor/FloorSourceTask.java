/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.it.floor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * Emits {@code lines} constant lines in batches of 2,000 (FileStreamSource's default batch). With
 * {@code shape=tidemark} each record also carries the file source's key (a file id) and the metadata
 * headers listed in {@code headers} (default all five: path, file.id, offset, line, host), built the
 * cheapest way Connect allows: the floor for that record shape.
 */
public class FloorSourceTask extends SourceTask {

    private static final int BATCH = 2000;
    private String topic;
    private long lines;
    private long emitted;
    private String value;
    private Map<String, String> partition;
    private boolean tidemarkShape;
    private String path;
    private String host;
    private java.util.Set<String> headers;

    /** A file id's shape and length ({@code <dev>:<inode>:<16 hex>}). */
    private static final String FILE_ID = "64768:1234567:0123456789abcdef";

    @Override
    public void start(Map<String, String> props) {
        topic = props.get("topic");
        lines = Long.parseLong(props.get("lines"));
        value = "x".repeat(Integer.parseInt(props.getOrDefault("line.bytes", "100")) - 1);
        partition = Map.of("filename", "floor");
        tidemarkShape = "tidemark".equals(props.get("shape"));
        path = props.getOrDefault("path", "/tmp/bench-data/big.log");
        host = props.getOrDefault("host", "localhost");
        headers = java.util.Set.of(
                props.getOrDefault("headers", "path,file.id,offset,line,host").split(","));
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (emitted >= lines) {
            Thread.sleep(100);
            return null;
        }
        int n = (int) Math.min(BATCH, lines - emitted);
        List<SourceRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            emitted++;
            if (tidemarkShape) {
                ConnectHeaders h = new ConnectHeaders();
                if (headers.contains("path")) {
                    h.addString("tidemark.path", path);
                }
                if (headers.contains("file.id")) {
                    h.addString("tidemark.file.id", FILE_ID);
                }
                if (headers.contains("offset")) {
                    h.addLong("tidemark.offset", (emitted - 1) * 100);
                }
                if (headers.contains("line")) {
                    h.addLong("tidemark.line", emitted);
                }
                if (headers.contains("host")) {
                    h.addString("tidemark.host", host);
                }
                out.add(new SourceRecord(
                        partition,
                        Map.of("position", emitted * 100),
                        topic,
                        null,
                        Schema.STRING_SCHEMA,
                        FILE_ID,
                        Schema.STRING_SCHEMA,
                        value,
                        null,
                        h));
                continue;
            }
            out.add(new SourceRecord(
                    partition,
                    Map.of("position", emitted * 100),
                    topic,
                    null,
                    null,
                    null,
                    Schema.STRING_SCHEMA,
                    value));
        }
        return out;
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
        return "bench";
    }
}
