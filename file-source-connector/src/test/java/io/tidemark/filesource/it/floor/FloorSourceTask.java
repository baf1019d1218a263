/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.it.floor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** Emits {@code lines} constant lines in batches of 2,000 (FileStreamSource's default batch). */
public class FloorSourceTask extends SourceTask {

    private static final int BATCH = 2000;
    private String topic;
    private long lines;
    private long emitted;
    private String value;
    private Map<String, String> partition;

    @Override
    public void start(Map<String, String> props) {
        topic = props.get("topic");
        lines = Long.parseLong(props.get("lines"));
        value = "x".repeat(Integer.parseInt(props.getOrDefault("line.bytes", "100")) - 1);
        partition = Map.of("filename", "floor");
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
