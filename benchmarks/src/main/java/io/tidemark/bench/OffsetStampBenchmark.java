/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.bench;

import io.tidemark.connect.offsets.OffsetMirror;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost per record of stamping a source offset ({@link OffsetMirror#stamp}): every record a source
 * task emits is stamped. {@code stampSha256TreeMap} re-creates the first implementation (SHA-256
 * over a TreeMap canonical form, MessageDigest looked up per call) as the baseline in the same run.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar OffsetStampBenchmark -wi 2 -i 3 -f 1 -w 2s -r 3s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OffsetStampBenchmark {

    private Map<String, Object> offset;
    private long seq;

    @Setup
    public void setUp() {
        offset = new LinkedHashMap<>();
        offset.put("pos", 123_456_789L);
        offset.put("line", 1_234_567L);
        offset.put("check", -8_765_432_123L);
        offset.put("head", 42L);
        offset.put("path", "/var/log/app/service-7.log");
    }

    @Benchmark
    public Map<String, Object> stamp() {
        return OffsetMirror.stamp(offset, ++seq);
    }

    @Benchmark
    public Map<String, Object> stampSha256TreeMap() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>(offset);
        out.put("tidemark.seq", ++seq);
        StringBuilder sb = new StringBuilder("{");
        new TreeMap<>(out).forEach((k, v) -> sb.append(k.length())
                .append(':')
                .append(k)
                .append('=')
                .append(
                        v instanceof Number n
                                ? "i" + n.longValue()
                                : "s" + v.toString().length() + ':' + v)
                .append(';'));
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(sb.append('}').toString().getBytes(StandardCharsets.UTF_8));
        out.put("tidemark.sig", java.util.HexFormat.of().formatHex(digest, 0, 8));
        return out;
    }
}
