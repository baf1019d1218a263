/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's main-job command, {@code ./tidemark-demo}, headless (the build it would run
 * first is the one this test runs in) and checks that every example connector reaches RUNNING
 * and that data reached Kafka and S3.
 */
class MainJobIT {

    private static final Pattern RESULT = Pattern.compile(
            "RESULT: OK: (\\d+) connector\\(s\\) RUNNING, (\\d+) records in their topics, (\\d+) S3 objects");

    @Test
    void demoDeploysEveryExampleConnectorAndDataReachesS3(@TempDir Path state) throws Exception {
        Path log = state.resolve("demo.out");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash", "tidemark-demo", "--headless-seconds", "75", "--interval-seconds", "15")
                .directory(Plugins.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("TIDEMARK_DEMO_SKIP_BUILD", "1");
        pb.environment().put("TIDEMARK_DEMO_STATE", state.resolve("demo-state").toString());
        Process demo = pb.start();
        boolean exited = demo.waitFor(6, TimeUnit.MINUTES);
        if (!exited) {
            demo.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        String out = read(log);
        assertThat(exited).as("demo finished in time; output:\n" + out).isTrue();
        assertThat(demo.exitValue()).as("demo exit code; output:\n" + out).isZero();

        Matcher m = RESULT.matcher(out);
        assertThat(m.find()).as("result line in:\n" + out).isTrue();
        assertThat(Integer.parseInt(m.group(1)))
                .as("connectors deployed and RUNNING")
                .isEqualTo(List.of(Plugins.values()).size());
        assertThat(Long.parseLong(m.group(2)))
                .as("records in the connectors' topics")
                .isPositive();
        assertThat(Long.parseLong(m.group(3))).as("objects in S3").isPositive();
        assertThat(out).doesNotContain("is not installed on the worker");
        String stateDir = state.resolve("demo-state").toString();
        assertThat(ProcessHandle.allProcesses()
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> p.info()
                                .commandLine()
                                .map(c -> c.contains(stateDir))
                                .orElse(false))
                        .count())
                .as("the demo left no processes running on its state")
                .isZero();
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
    }
}
