/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.s3sink.format.JsonLinesEnvelopeFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Encoding alone, on the task thread's path, for the record shape of SinkThroughputBenchmark:
 * the Jackson path ({@link SinkRecordEncoder#encodeWithFormat}) against the encoder's default
 * (the hand-written writer), interleaved round by round in one JVM.
 * Run: mvn -B -f s3-checkpoint-sink test -Psoak -Dtest=EnvelopeEncodeBenchmark
 */
@Tag("soak")
class EnvelopeEncodeBenchmark {

    @Test
    void jacksonPathVersusFastWriter() {
        int n = Integer.getInteger("bench.records", 400_000);
        List<SinkRecord> input = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", (long) i);
            v.put("customer", "customer-" + (i % 977));
            v.put("amount", i * 0.25);
            v.put("note", "order line " + i + " of the benchmark data set");
            input.add(new SinkRecord(
                    "bench", i % 4, null, "k" + i, null, v, i / 4, 1_700_000_000_000L + i, TimestampType.CREATE_TIME));
        }
        SinkRecordEncoder encoder = new SinkRecordEncoder(new JsonLinesEnvelopeFormat());
        List<String> lines = new ArrayList<>();
        for (int round = -2; round < 5; round++) {
            long sink = 0;
            long t0 = System.nanoTime();
            for (SinkRecord r : input) {
                sink += encoder.encodeWithFormat(r).bytes().length;
            }
            long t1 = System.nanoTime();
            for (SinkRecord r : input) {
                sink -= encoder.encode(r).bytes().length;
            }
            long t2 = System.nanoTime();
            assertThat(sink).isZero();
            if (round >= 0) {
                lines.add(String.format(
                        Locale.ROOT,
                        "[r%d] jackson %.0f ns/record | fast %.0f ns/record | %.1fx",
                        round,
                        (t1 - t0) / (double) n,
                        (t2 - t1) / (double) n,
                        (t1 - t0) / (double) (t2 - t1)));
            }
        }
        System.out.printf(
                "%n=== envelope encoding, %d records of the throughput benchmark's shape ===%n%s%n%n",
                n, String.join("\n", lines));
    }
}
