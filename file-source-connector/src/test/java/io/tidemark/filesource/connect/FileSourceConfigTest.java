/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.filesource.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.filesource.assign.HostPin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceConfigTest {

    @TempDir
    Path tmp;

    private Map<String, String> minimal() throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("name", "files");
        p.put("connector.class", FileSourceConnector.class.getName());
        p.put(
                FileSourceConfig.ROOTS_CONFIG,
                Files.createDirectories(tmp.resolve("logs")).toString());
        p.put(FileSourceConfig.TOPIC_CONFIG, "logs");
        p.put(FileSourceConfig.FILE_HOST_CONFIG, HostPin.ANY_HOST);
        p.put("checkpoint.store.dir", tmp.resolve("state").toString());
        return p;
    }

    private static List<String> errorsOf(Config c, String name) {
        return c.configValues().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .map(ConfigValue::errorMessages)
                .orElseThrow();
    }

    @Test
    void minimalConfigIsValidWithDefaults() throws Exception {
        Config c = new FileSourceConnector().validate(minimal());
        assertThat(c.configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
        FileSourceConfig cfg = new FileSourceConfig(minimal());
        assertThat(cfg.excludes()).contains("**/*.gz");
        assertThat(cfg.multiline()).isNull();
        assertThat(cfg.tailerOptions().fingerprintBytes()).isEqualTo(1024);
    }

    @Test
    void missingRootIsReportedOnTheRootSetting() throws Exception {
        Map<String, String> p = minimal();
        p.put(FileSourceConfig.ROOTS_CONFIG, tmp.resolve("nope") + "," + tmp.resolve("logs"));
        Config c = new FileSourceConnector().validate(p);
        assertThat(errorsOf(c, FileSourceConfig.ROOTS_CONFIG))
                .singleElement()
                .asString()
                .contains("does not exist");
    }

    @Test
    void missingRootMessageSaysOnlyTheServingWorkerWasChecked() throws Exception {
        Map<String, String> p = minimal();
        p.put(FileSourceConfig.ROOTS_CONFIG, tmp.resolve("nope").toString());
        Config c = new FileSourceConnector().validate(p);
        assertThat(errorsOf(c, FileSourceConfig.ROOTS_CONFIG))
                .singleElement()
                .asString()
                .contains("does not exist", "only the worker that served this request was checked", "every worker");
    }

    @Test
    void rootThatIsAFileOrRelativeIsReported() throws Exception {
        Map<String, String> p = minimal();
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        p.put(FileSourceConfig.ROOTS_CONFIG, file + ",relative/dir");
        Config c = new FileSourceConnector().validate(p);
        assertThat(errorsOf(c, FileSourceConfig.ROOTS_CONFIG))
                .hasSize(2)
                .anySatisfy(e -> assertThat(e).contains("not a directory"))
                .anySatisfy(e -> assertThat(e).contains("not an absolute path"));
    }

    @Test
    void badValuesGetPerSettingErrors() throws Exception {
        Map<String, String> p = minimal();
        p.put(FileSourceConfig.MULTILINE_PATTERN_CONFIG, "([unclosed");
        p.put(FileSourceConfig.CHARSET_CONFIG, "no-such-charset");
        p.put(FileSourceConfig.TOPIC_CONFIG, "bad topic ${nope}");
        p.put(FileSourceConfig.INCLUDE_CONFIG, "{a,b");
        p.put(FileSourceConfig.MAX_LINE_ACTION_CONFIG, "explode");
        p.put(FileSourceConfig.HEADERS_CONFIG, "path,inode");
        Config c = new FileSourceConnector().validate(p);
        assertThat(errorsOf(c, FileSourceConfig.HEADERS_CONFIG))
                .singleElement()
                .asString()
                .contains("unknown header 'inode'")
                .contains("path, file.id, offset, line, host");
        assertThat(errorsOf(c, FileSourceConfig.MULTILINE_PATTERN_CONFIG)).isNotEmpty();
        assertThat(errorsOf(c, FileSourceConfig.CHARSET_CONFIG)).isNotEmpty();
        assertThat(errorsOf(c, FileSourceConfig.TOPIC_CONFIG)).isNotEmpty();
        assertThat(errorsOf(c, FileSourceConfig.INCLUDE_CONFIG)).isNotEmpty();
        assertThat(errorsOf(c, FileSourceConfig.MAX_LINE_ACTION_CONFIG)).isNotEmpty();
    }

    @Test
    void topicTemplateUsesThePath() {
        TopicNamer n = new TopicNamer("logs.${dir.name}.${file.stem}");
        assertThat(n.topicFor(Path.of("/var/log/nginx/access.log.1"))).isEqualTo("logs.nginx.access");
        assertThat(new TopicNamer("fixed").topicFor(Path.of("/x/y.log"))).isEqualTo("fixed");
        assertThat(new TopicNamer("t-${file.name}").topicFor(Path.of("/x/we ird.log")))
                .isEqualTo("t-we_ird.log");
    }

    @Test
    void everySettingIsDocumentedInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (var key : FileSourceConfig.CONFIG_DEF.configKeys().values()) {
            if (!key.internalConfig) {
                assertThat(readme).as("README documents " + key.name).contains("`" + key.name + "`");
            }
        }
    }

    @Test
    void aHostIdVariableTheWorkerDidNotResolveFailsValidationNamingTheSetting() throws Exception {
        Map<String, String> p = minimal();
        p.put(FileSourceConfig.HOST_ID_CONFIG, "${file:/etc/tidemark/host.properties:host.id}");
        Config c = new FileSourceConnector().validate(p);
        assertThat(errorsOf(c, FileSourceConfig.HOST_ID_CONFIG))
                .singleElement()
                .asString()
                .contains("config.providers")
                .contains("${file:/etc/tidemark/host.properties:host.id}");
    }

    @Test
    void aConnectorThatDoesNotSayWhoseFilesItReadsFailsValidationOnFileHost() throws Exception {
        Map<String, String> p = minimal();
        p.remove(FileSourceConfig.FILE_HOST_CONFIG);
        assertThat(errorsOf(new FileSourceConnector().validate(p), FileSourceConfig.FILE_HOST_CONFIG))
                .singleElement()
                .asString()
                .contains("file.host is required")
                .contains("'*'");
        p.put(FileSourceConfig.FILE_HOST_CONFIG, HostPin.ANY_HOST);
        assertThat(errorsOf(new FileSourceConnector().validate(p), FileSourceConfig.FILE_HOST_CONFIG))
                .isEmpty();
    }

    @Test
    void aConnectorPinnedToAnotherHostIsValidatedWithoutThatHostsRoots() throws Exception {
        Map<String, String> p = minimal();
        p.put(FileSourceConfig.ROOTS_CONFIG, tmp.resolve("only-on-host-b").toString());
        p.put(FileSourceConfig.FILE_HOST_CONFIG, "host-b");
        p.put(FileSourceConfig.HOST_ID_CONFIG, "host-a");
        assertThat(errorsOf(new FileSourceConnector().validate(p), FileSourceConfig.ROOTS_CONFIG))
                .isEmpty();
        // on a worker of that host the roots are checked
        p.put(FileSourceConfig.HOST_ID_CONFIG, "host-b");
        assertThat(errorsOf(new FileSourceConnector().validate(p), FileSourceConfig.ROOTS_CONFIG))
                .singleElement()
                .asString()
                .contains("only-on-host-b");
    }
}
