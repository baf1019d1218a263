/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.distribution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The connector plugins this build produces, and where their archives are. */
enum Plugins {
    FILE_SOURCE("file-source-connector", "io.tidemark.filesource.connect.FileSourceConnector", "source"),
    MONGO_TRIGGER("mongo-trigger-connector", "io.tidemark.mongotrigger.connect.MongoTriggerSourceConnector", "source"),
    S3_SINK(
            "s3-checkpoint-sink",
            "io.tidemark.s3sink.connect.S3CheckpointSinkConnector",
            "sink",
            List.of("io.tidemark.s3sink.restore.connect.S3RestoreSourceConnector"));

    final String module;
    final String connectorClass;
    final String type;
    /** Source connectors the plugin ships besides its main connector (the S3 plugin's restore source). */
    final List<String> otherSourceConnectors;

    Plugins(String module, String connectorClass, String type) {
        this(module, connectorClass, type, List.of());
    }

    Plugins(String module, String connectorClass, String type, List<String> otherSourceConnectors) {
        this.module = module;
        this.connectorClass = connectorClass;
        this.type = type;
        this.otherSourceConnectors = otherSourceConnectors;
    }

    /** Every connector class the plugin ships. */
    List<String> connectorClasses() {
        List<String> all = new java.util.ArrayList<>(List.of(connectorClass));
        all.addAll(otherSourceConnectors);
        return all;
    }

    /** The Hub manifest's component types: the main connector's, then "source" for the other ones. */
    List<String> componentTypes() {
        return otherSourceConnectors.isEmpty() || type.equals("source") ? List.of(type) : List.of(type, "source");
    }

    static Path root() {
        return Path.of(System.getProperty("tidemark.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    static String version() {
        return System.getProperty("tidemark.version");
    }

    String baseName() {
        return "tidemark-" + module + "-" + version();
    }

    /** The Confluent Hub-style archive {@code mvn package} builds. */
    Path hubArchive() {
        Path zip = root().resolve(module).resolve("target/components/packages").resolve(baseName() + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: run 'mvn package' (or verify) for " + module);
        }
        return zip;
    }

    String servicesFile() {
        return "META-INF/services/org.apache.kafka.connect." + type + "."
                + (type.equals("sink") ? "SinkConnector" : "SourceConnector");
    }

    static List<Plugins> all() {
        return List.of(values());
    }
}
