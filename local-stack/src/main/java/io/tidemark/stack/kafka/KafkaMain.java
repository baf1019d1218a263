/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.kafka;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Main of the broker JVM started by {@link KafkaBroker}: formats the storage with {@code kafka.tools.StorageTool
 * format --standalone} when {@code <log.dir>/meta.properties} is missing, then runs {@code kafka.Kafka} in the same
 * JVM (one JVM start instead of two). Args: {@code <server.properties> <log.dir> <cluster id>}.
 */
public final class KafkaMain {
    private KafkaMain() {}

    public static void main(String[] args) throws Exception {
        String props = args[0];
        Path logDir = Paths.get(args[1]);
        String clusterId = args[2];
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            PrintStream out = System.out;
            int code = kafka.tools.StorageTool.execute(
                    new String[] {"format", "--standalone", "-t", clusterId, "-c", props}, out);
            if (code != 0) {
                System.err.println("storage format failed with exit code " + code);
                System.exit(code);
            }
        }
        kafka.Kafka.main(new String[] {props});
    }
}
