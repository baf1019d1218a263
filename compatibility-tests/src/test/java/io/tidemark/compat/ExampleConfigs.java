/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.compat;

import io.tidemark.stack.rest.ConnectorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The files of config-examples, read as a user copies them: only their {@code ${NAME}} placeholders filled in. */
final class ExampleConfigs {

    private ExampleConfigs() {}

    static Path root() {
        return Path.of(System.getProperty("tidemark.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    static Path dir(String name) {
        return root().resolve("config-examples/src/main/resources").resolve(name);
    }

    /** A connector config file with its placeholders filled in ({@code ${file:...}} references are left alone). */
    static Map<String, String> connector(Path file, Map<String, String> values) {
        try {
            String json = ConnectorConfig.substitute(Files.readString(file), values);
            return new LinkedHashMap<>(
                    ConnectorConfig.parse(json, file.getFileName().toString()).config());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A worker properties file with the placeholders of its values filled in (comments are left alone). */
    static Map<String, String> workerProperties(Path file, Map<String, String> values) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, ConnectorConfig.substitute(p.getProperty(k), values)));
        return out;
    }
}
