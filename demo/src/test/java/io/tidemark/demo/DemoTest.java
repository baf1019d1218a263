/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.ProcessRegistry;
import io.tidemark.stack.connect.PluginDirs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's headless mode with Kafka's FileStreamSourceConnector: deploy, feed, print, verdict. */
class DemoTest {

    @Test
    void headlessRunDeploysInstalledConnectorsSkipsOthersAndDataFlows(@TempDir Path tmp) throws Exception {
        Path configs = Files.createDirectories(tmp.resolve("configs"));
        Files.writeString(
                configs.resolve("file-source.json"),
                """
                {"name": "demo-file-source",
                 "config": {"connector.class": "org.apache.kafka.connect.file.FileStreamSourceConnector",
                            "tasks.max": "1", "topic": "demo-lines", "file": "${DEMO_LOG_DIR}/demo.log",
                            "x.checkpoint.dir": "${STATE_DIR}",
                            "value.converter": "org.apache.kafka.connect.storage.StringConverter"}}
                """);
        Files.writeString(
                configs.resolve("s3-sink.json"),
                """
                {"name": "s3-sink", "connector.class": "io.tidemark.s3.NotBuiltYetSinkConnector",
                 "topics": "demo-lines", "s3.endpoint": "${S3_ENDPOINT}", "s3.bucket": "${S3_BUCKET}",
                 "aws.secret": "${S3_SECRET_KEY}"}
                """);
        Files.writeString(
                configs.resolve("needs-unknown-var.json"),
                """
                {"name": "x", "connector.class": "org.apache.kafka.connect.file.FileStreamSinkConnector",
                 "file": "${NO_SUCH_DEMO_VARIABLE}"}
                """);
        Path plugins = PluginDirs.connectFile(Files.createDirectories(tmp.resolve("plugins")));
        Path state = tmp.resolve("state");

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            code = Demo.run(
                    new String[] {
                        "--plugins",
                        plugins.toString(),
                        "--configs",
                        configs.toString(),
                        "--state",
                        state.toString(),
                        "--headless-seconds",
                        "8",
                        "--interval-seconds",
                        "3"
                    },
                    out);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(code).as(text).isZero();
        assertThat(text)
                .contains("deployed demo-file-source")
                .contains("skip s3-sink (s3-sink.json): io.tidemark.s3.NotBuiltYetSinkConnector is not installed")
                .contains("skip needs-unknown-var.json: no value for placeholder(s) [NO_SUCH_DEMO_VARIABLE]")
                .contains("demo-file-source: RUNNING [0:RUNNING]")
                .contains("demo-lines: ")
                .contains("checkpoint ")
                .contains("RESULT: OK");
        assertThat(Files.readString(state.resolve("demo-logs/demo.log"))).contains("demo event 1\n");
        assertThat(Files.isDirectory(state.resolve("connector-state/file-source")))
                .isTrue();
        assertThat(state.resolve("connector-state/s3-sink")).doesNotExist();
        assertThat(ProcessRegistry.live()).isEmpty();
    }

    @Test
    void headlessRunWithoutConnectorsSaysSoAndFails(@TempDir Path tmp) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            code = Demo.run(
                    new String[] {"--state", tmp.resolve("state").toString(), "--headless-seconds", "1", "--no-feed"},
                    out);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isEqualTo(2);
        assertThat(text).contains("no --configs given: deploying nothing").contains("RESULT: nothing deployed");
    }
}
