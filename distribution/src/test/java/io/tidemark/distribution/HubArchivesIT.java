/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Confluent Hub-style archives hold what an installer and a worker need, and nothing provided. */
class HubArchivesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(Plugins.class)
    void archiveHasManifestLibEtcAndDocUnderOneBaseDirectory(Plugins plugin) throws IOException {
        Map<String, byte[]> files = read(plugin);
        String base = plugin.baseName() + "/";
        assertThat(files.keySet()).allMatch(name -> name.startsWith(base), "every entry under " + base);

        JsonNode manifest = JSON.readTree(files.get(base + "manifest.json"));
        assertThat(manifest.path("name").asText()).isEqualTo(plugin.module);
        assertThat(manifest.path("version").asText()).isEqualTo(Plugins.version());
        for (String field : List.of("title", "description", "documentation_url")) {
            assertThat(manifest.path(field).asText()).as(field).isNotBlank().doesNotContain("${");
        }
        assertThat(manifest.path("owner").path("username").asText()).isEqualTo("tidemark");
        assertThat(manifest.path("component_types"))
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(plugin.componentTypes());
        assertThat(manifest.path("tags").size()).isPositive();
        assertThat(manifest.path("features").path("delivery_guarantee"))
                .extracting(JsonNode::asText)
                .contains("exactly_once");
        assertThat(manifest.path("license").get(0).path("name").asText()).isEqualTo("Apache License 2.0");
        assertThat(manifest.path("requirements").toString()).doesNotContain("${");

        assertThat(files).containsKey(base + "doc/README.md").containsKey(base + "doc/LICENSE");
        assertThat(files.keySet()).anyMatch(n -> n.startsWith(base + "etc/") && n.endsWith(".json"));
    }

    @ParameterizedTest
    @EnumSource(Plugins.class)
    void libHoldsTheConnectorAndItsDependenciesButNoKafkaOrSlf4j(Plugins plugin) throws IOException {
        List<String> jars = new ArrayList<>();
        read(plugin).keySet().stream()
                .filter(n -> n.contains("/lib/") && n.endsWith(".jar"))
                .forEach(n -> jars.add(n.substring(n.lastIndexOf('/') + 1)));
        assertThat(jars)
                .contains(
                        plugin.module + "-" + Plugins.version() + ".jar",
                        "connect-common-" + Plugins.version() + ".jar",
                        "common-store-" + Plugins.version() + ".jar");
        assertThat(jars).anyMatch(j -> j.startsWith("lmdbjava-"));
        assertThat(jars)
                .noneMatch(j -> j.startsWith("kafka-")
                        || j.startsWith("connect-api")
                        || j.startsWith("connect-runtime")
                        || j.startsWith("slf4j-")
                        || j.startsWith("log4j"));
    }

    /**
     * The S3 sink ships the SDK's sts module (assume-role, and the default chain's web identity
     * provider for IRSA, which loads only when sts is on the class path) and one HTTP client, the
     * Apache 4 client both its S3 and STS clients are built with: not the Apache 5 stack the SDK
     * pulls in by default (2.4 MB of jars never loaded) nor the Netty async client.
     */
    @Test
    void s3SinkShipsStsAndOnlyTheHttpClientItUses() throws IOException {
        List<String> jars = new ArrayList<>();
        read(Plugins.S3_SINK).keySet().stream()
                .filter(n -> n.contains("/lib/") && n.endsWith(".jar"))
                .forEach(n -> jars.add(n.substring(n.lastIndexOf('/') + 1)));
        assertThat(jars)
                .anyMatch(j -> j.startsWith("sts-"))
                .anyMatch(j -> j.startsWith("apache-client-"))
                .anyMatch(j -> j.startsWith("httpclient-4."))
                .anyMatch(j -> j.startsWith("zstd-jni-"))
                .noneMatch(j -> j.startsWith("apache5-client")
                        || j.startsWith("httpclient5")
                        || j.startsWith("httpcore5")
                        || j.startsWith("netty-")
                        || j.startsWith("url-connection-client")
                        || j.startsWith("aws-crt"));
    }

    @ParameterizedTest
    @EnumSource(Plugins.class)
    void connectorJarDeclaresItsConnectorForServiceLoading(Plugins plugin) throws IOException {
        byte[] jar = read(plugin).get(plugin.baseName() + "/lib/" + plugin.module + "-" + Plugins.version() + ".jar");
        Map<String, byte[]> inner = unzip(new ByteArrayInputStream(jar));
        assertThat(inner).containsKey(plugin.servicesFile());
        assertThat(new String(inner.get(plugin.servicesFile()), StandardCharsets.UTF_8))
                .contains(plugin.connectorClass);
        assertThat(inner).containsKey(plugin.connectorClass.replace('.', '/') + ".class");
        String sources = "META-INF/services/org.apache.kafka.connect.source.SourceConnector";
        for (String other : plugin.otherSourceConnectors) {
            assertThat(inner).containsKey(sources).containsKey(other.replace('.', '/') + ".class");
            assertThat(new String(inner.get(sources), StandardCharsets.UTF_8)).contains(other);
        }
    }

    @Test
    void s3PluginShipsTheTidemarkS3ToolNextToTheCheckpointTool() throws IOException {
        Plugins plugin = Plugins.S3_SINK;
        Map<String, byte[]> files = read(plugin);
        String script = plugin.baseName() + "/bin/tidemark-s3";
        assertThat(files).containsKey(script).containsKey(plugin.baseName() + "/bin/checkpoint-tool");
        assertThat(new String(files.get(script), StandardCharsets.UTF_8)).contains("io.tidemark.s3sink.cli.TidemarkS3");
        byte[] jar = files.get(plugin.baseName() + "/lib/" + plugin.module + "-" + Plugins.version() + ".jar");
        assertThat(unzip(new ByteArrayInputStream(jar))).containsKey("io/tidemark/s3sink/cli/TidemarkS3.class");
        for (Plugins other : List.of(Plugins.FILE_SOURCE, Plugins.MONGO_TRIGGER)) {
            assertThat(read(other)).doesNotContainKey(other.baseName() + "/bin/tidemark-s3");
        }
    }

    @ParameterizedTest
    @EnumSource(Plugins.class)
    void exampleConfigsNameThisConnector(Plugins plugin) throws IOException {
        Map<String, byte[]> files = read(plugin);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (e.getKey().contains("/etc/") && e.getKey().endsWith(".json")) {
                JsonNode config = JSON.readTree(e.getValue());
                assertThat(config.path("name").asText()).as(e.getKey()).isNotBlank();
                assertThat(config.path("config").path("connector.class").asText())
                        .as(e.getKey())
                        .isEqualTo(plugin.connectorClass);
            }
        }
    }

    /**
     * format.type=parquet ships parquet-java's writer without the Hadoop stack and without Parquet's
     * codec libraries (the sink compresses pages with the JDK's gzip and the zstd-jni it already has):
     * the S3 sink's archive was 35.6 MB with them (26.2 MB before Parquet); Hadoop's client API
     * alone would add 19.6 MB.
     */
    @org.junit.jupiter.api.Test
    void s3SinkShipsTheParquetWriterWithoutHadoopOrFurtherCodecLibraries() throws IOException {
        List<String> jars = new ArrayList<>();
        read(Plugins.S3_SINK).keySet().stream()
                .filter(n -> n.contains("/lib/") && n.endsWith(".jar"))
                .forEach(n -> jars.add(n.substring(n.lastIndexOf('/') + 1)));
        assertThat(jars)
                .anyMatch(j -> j.startsWith("parquet-hadoop-"))
                .anyMatch(j -> j.startsWith("parquet-column-"))
                .noneMatch(j -> j.startsWith("hadoop-")
                        || j.startsWith("snappy-java")
                        || j.startsWith("aircompressor")
                        || j.startsWith("commons-pool")
                        || j.startsWith("javax.annotation"));
        assertThat(jars.stream().filter(j -> j.startsWith("zstd-jni"))).hasSize(1);
        assertThat(java.nio.file.Files.size(Plugins.S3_SINK.hubArchive()))
                .as("size of the S3 sink's archive")
                .isLessThan(40L * 1024 * 1024);
    }

    private static Map<String, byte[]> read(Plugins plugin) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(plugin.hubArchive().toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (!e.isDirectory()) {
                    try (InputStream in = zip.getInputStream(e)) {
                        out.put(e.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, byte[]> unzip(InputStream in) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream zin = new ZipInputStream(in)) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                if (!e.isDirectory()) {
                    out.put(e.getName(), zin.readAllBytes());
                }
            }
        }
        return out;
    }
}
