/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.stack.connect.PluginDirs;
import io.tidemark.store.StoreIdentity;
import io.tidemark.store.WriteBatch;
import io.tidemark.store.lmdb.LmdbCheckpointStore;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.connect.runtime.isolation.PluginUtils;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs {@code bin/checkpoint-tool} from each unzipped Hub archive as an operator on a worker host
 * would: a real {@code sh} process, the plugin's own {@code lib/}, and the SLF4J API found where a
 * Kafka installation keeps it. Also checks that the script adds nothing Connect would load.
 */
class ShippedCheckpointToolIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StoreIdentity ID = new StoreIdentity("shipped-tool-check", 2);

    /** Where the default lookup looks besides $KAFKA_HOME and $CONFLUENT_HOME. */
    private static final List<String> HOST_DIRS = List.of("/opt/kafka/libs", "/usr/share/java/kafka");

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    @ParameterizedTest
    @EnumSource(Plugins.class)
    void shippedCommandListsAndVerifiesAStoreWithTheSlf4jOfTheKafkaInstallation(Plugins plugin) throws Exception {
        Path base = install(plugin);
        Path store = store();
        Path kafkaHome = tmp.resolve("kafka");
        Files.createDirectories(kafkaHome.resolve("libs"));
        Files.copy(
                slf4jApiJar(), kafkaHome.resolve("libs").resolve(slf4jApiJar().getFileName()));

        Result list = run(base, Map.of("KAFKA_HOME", kafkaHome.toString()), "list", store.toString());
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out().lines()).containsExactly("offsets/a.log\t13 bytes", "offsets/b.log\t2 bytes");
        assertThat(list.err()).contains("2 entries").contains(ID.toString()).doesNotContain("SLF4J");

        Result verify = run(base, Map.of("KAFKA_HOME", kafkaHome.toString()), "--json", "verify", store.toString());
        assertThat(verify.code()).as(verify.err()).isZero();
        assertThat(verify.err()).isEmpty();
        JsonNode report = JSON.readTree(verify.out());
        assertThat(report.get("sound").asBoolean()).isTrue();
        assertThat(report.get("identity").get("owner").asText()).isEqualTo(ID.owner());
        assertThat(report.get("entries").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Plugins.class)
    void shippedCommandTakesSlf4jFromTheExplicitSetting(Plugins plugin) throws Exception {
        Path base = install(plugin);
        Path store = store();

        Result jar = run(
                base,
                Map.of("TIDEMARK_SLF4J_JAR", slf4jApiJar().toString()),
                "show",
                store.toString(),
                "offsets/b.log");
        assertThat(jar.code()).as(jar.err()).isZero();
        assertThat(jar.out().lines()).containsExactly("offsets/b.log (2 bytes, utf-8)", "42");

        Result dir = run(
                base,
                Map.of("TIDEMARK_SLF4J_JAR", slf4jApiJar().getParent().toString()),
                "--json",
                "list",
                store.toString());
        assertThat(dir.code()).as(dir.err()).isZero();
        assertThat(JSON.readTree(dir.out()).get("count").asInt()).isEqualTo(2);

        Result wrong = run(
                base, Map.of("TIDEMARK_SLF4J_JAR", tmp.resolve("no-such.jar").toString()), "list", store.toString());
        assertThat(wrong.code()).isEqualTo(6);
        assertThat(wrong.out()).isEmpty();
        assertThat(wrong.err()).contains("TIDEMARK_SLF4J_JAR=" + tmp.resolve("no-such.jar"));
    }

    @ParameterizedTest
    @EnumSource(Plugins.class)
    void shippedCommandWithoutSlf4jNamesEveryPlaceItLooked(Plugins plugin) throws Exception {
        for (String dir : HOST_DIRS) {
            assumeTrue(!Files.isDirectory(Path.of(dir)), dir + " exists on this host: the lookup would find it");
        }
        Path base = install(plugin);
        Path emptyKafka =
                Files.createDirectories(tmp.resolve("empty-kafka/libs")).getParent();

        Result r = run(base, Map.of("KAFKA_HOME", emptyKafka.toString()), "list", store().toString());
        assertThat(r.code()).isEqualTo(6);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .contains("no SLF4J API jar")
                .contains(emptyKafka.resolve("libs").toString())
                .contains("/opt/kafka/libs")
                .contains("/usr/share/java/kafka")
                .contains("KAFKA_HOME")
                .contains("TIDEMARK_SLF4J_JAR");
    }

    /** Connect collects every archive under a plugin directory: they must be exactly lib/'s jars. */
    @ParameterizedTest
    @EnumSource(Plugins.class)
    void connectLoadsOnlyTheLibJarsSoTheToolAddsNothingToThePluginClassPath(Plugins plugin) throws Exception {
        Path base = install(plugin);
        Set<String> loaded = new TreeSet<>();
        for (Path url : PluginUtils.pluginUrls(base)) {
            loaded.add(base.relativize(url).toString());
        }
        Set<String> libJars = new TreeSet<>();
        try (Stream<Path> files = Files.list(base.resolve("lib"))) {
            files.forEach(f -> libJars.add("lib/" + f.getFileName()));
        }
        assertThat(loaded).isEqualTo(libJars);
        assertThat(libJars)
                .contains("lib/common-store-" + Plugins.version() + ".jar")
                .noneMatch(j -> j.contains("checkpoint-tool") || j.startsWith("lib/slf4j-"));
        try (Stream<Path> files = Files.list(base.resolve("bin"))) {
            List<String> tools =
                    plugin == Plugins.S3_SINK ? List.of("checkpoint-tool", "tidemark-s3") : List.of("checkpoint-tool");
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrderElementsOf(tools);
        }
    }

    @ParameterizedTest
    @EnumSource(Plugins.class)
    void shippedCommandIsExecutableInTheArchive(Plugins plugin) throws Exception {
        assumeTrue(onPath("unzip"), "needs the unzip command to read the archive's file modes");
        Process p = new ProcessBuilder(
                        "unzip", "-Z", plugin.hubArchive().toString(), plugin.baseName() + "/bin/checkpoint-tool")
                .redirectErrorStream(true)
                .start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(listing).startsWith("-rwxr-xr-x");
    }

    private Path install(Plugins plugin) {
        Path pluginPath = tmp.resolve("plugin-path-" + plugin.module);
        PluginDirs.unzipHubZip(plugin.hubArchive(), pluginPath);
        Path base = pluginPath.resolve(plugin.baseName());
        assertThat(base.resolve("bin/checkpoint-tool")).isRegularFile();
        return base;
    }

    private Path store() {
        Path dir = tmp.resolve("store");
        if (!Files.exists(dir)) {
            try (LmdbCheckpointStore s = LmdbCheckpointStore.open(dir, ID)) {
                s.commit(WriteBatch.create()
                        .put("offsets/a.log", "{\"offset\":42}".getBytes(StandardCharsets.UTF_8))
                        .put("offsets/b.log", "42".getBytes(StandardCharsets.UTF_8)));
            }
        }
        return dir;
    }

    /** The slf4j-api jar this test runs with: the one in the local Maven repository. */
    private static Path slf4jApiJar() throws Exception {
        Path jar = Path.of(org.slf4j.LoggerFactory.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(jar.getFileName().toString()).startsWith("slf4j-api-").endsWith(".jar");
        return jar;
    }

    private static Result run(Path base, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of("sh", base.resolve("bin/checkpoint-tool").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("KAFKA_HOME");
        pb.environment().remove("CONFLUENT_HOME");
        pb.environment().remove("TIDEMARK_SLF4J_JAR");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        File out = Files.createTempFile("tool-out", ".txt").toFile();
        File err = Files.createTempFile("tool-err", ".txt").toFile();
        try {
            Process p = pb.redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("checkpoint-tool " + String.join(" ", args) + " did not finish in 120 s");
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
