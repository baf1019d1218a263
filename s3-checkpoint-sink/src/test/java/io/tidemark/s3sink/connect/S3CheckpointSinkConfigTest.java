/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.config.ConnectorValidation;
import io.tidemark.s3sink.remote.ChecksumAlgorithm;
import io.tidemark.s3sink.remote.S3Settings;
import io.tidemark.s3sink.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class S3CheckpointSinkConfigTest {

    private static Map<String, String> base() {
        Map<String, String> m = new HashMap<>();
        m.put("name", "sink");
        m.put("connector.class", S3CheckpointSinkConnector.class.getName());
        m.put("topics", "t");
        m.put("s3.bucket.name", "validate");
        m.put("checkpoint.store.dir", "/tmp/x");
        return m;
    }

    @Test
    void defaultsGiveGzipJsonCrc32cAndTheDefaultChainWithoutKeys() {
        S3CheckpointSinkConfig c = new S3CheckpointSinkConfig(base());
        S3Settings s = c.s3Settings();
        assertThat(s.hasStaticCredentials()).isFalse();
        assertThat(s.checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.CRC32C);
        assertThat(c.layout().chunkKey(new io.tidemark.s3sink.TopicPartitionId("t", 1), 0, 9))
                .isEqualTo("t/partition=1/t+1+00000000000000000000+00000000000000000009.jsonl.gz");
        assertThat(c.scratchRoot("sink")).isEqualTo(Path.of("/tmp/x/sink/scratch"));
    }

    @Test
    void secretsAreNeverShownAndMustComeInPairs() {
        Map<String, String> m = base();
        m.put("aws.access.key.id", "AKIAEXAMPLEKEY");
        m.put("aws.secret.access.key", "very-secret-value");
        S3CheckpointSinkConfig c = new S3CheckpointSinkConfig(m);
        assertThat(c.s3Settings().toString())
                .doesNotContain("very-secret-value")
                .doesNotContain("AKIAEXAMPLEKEY");
        assertThat(c.toString()).doesNotContain("very-secret-value");
        m.remove("aws.secret.access.key");
        assertThatThrownBy(() -> ConnectorValidation.requireNoProblems(new S3CheckpointSinkConfig(m)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws.secret.access.key");
    }

    @Test
    void templateWithoutOffsetsIsRejected() {
        Map<String, String> m = base();
        m.put("s3.key.template", "${topic}/${partition}/data");
        assertThatThrownBy(() -> new S3CheckpointSinkConfig(m))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("${start}");
    }

    private static final String HOURLY =
            "${topic}/dt=${yyyy}-${MM}-${dd}/hour=${HH}/${topic}+${partition}+${start}+${end}";

    @Test
    void validateNamesTheSettingOfEveryBadPartitioningValue() {
        S3CheckpointSinkConnector connector = new S3CheckpointSinkConnector();
        Map<String, String> unknown = base();
        unknown.put("s3.key.template", "${topic}/${year}/${topic}+${partition}+${start}+${end}");
        assertThat(errors(connector.validate(unknown), "s3.key.template"))
                .singleElement()
                .asString()
                .contains("unknown variable ${year}");

        Map<String, String> pattern = base();
        pattern.put("s3.key.template", "${time:yyyy-qqqqqq}/${topic}+${partition}+${start}+${end}");
        assertThat(errors(connector.validate(pattern), "s3.key.template"))
                .singleElement()
                .asString()
                .contains("DateTimeFormatter");

        Map<String, String> zone = base();
        zone.put("s3.key.template", HOURLY);
        zone.put("timezone", "Mars/Olympus");
        assertThat(errors(connector.validate(zone), "timezone"))
                .singleElement()
                .asString()
                .contains("Mars/Olympus");

        Map<String, String> raw = base();
        raw.put("s3.key.template", "region=${field:region}/${topic}+${partition}+${start}+${end}");
        raw.put("format.type", "raw");
        assertThat(errors(connector.validate(raw), "s3.key.template"))
                .singleElement()
                .asString()
                .contains("format.type=raw");

        Map<String, String> noField = base();
        noField.put("s3.key.template", HOURLY);
        noField.put("timestamp.extractor", "RecordField");
        assertThat(errors(connector.validate(noField), "timestamp.field"))
                .singleElement()
                .asString()
                .contains("needs the field path");

        Map<String, String> ignored = base();
        ignored.put("timezone", "Asia/Kolkata");
        assertThat(errors(connector.validate(ignored), "timezone"))
                .singleElement()
                .asString()
                .contains("the template has none");

        Map<String, String> fieldWithRecord = base();
        fieldWithRecord.put("s3.key.template", HOURLY);
        fieldWithRecord.put("timestamp.field", "created");
        assertThat(errors(connector.validate(fieldWithRecord), "timestamp.field"))
                .singleElement()
                .asString()
                .contains("only to timestamp.extractor=RecordField or Header");
    }

    @Test
    void aPartitionedTemplateWithItsSettingsParses() {
        Map<String, String> m = base();
        m.put("s3.key.template", HOURLY);
        m.put("timezone", "Asia/Kolkata");
        m.put("timestamp.extractor", "header");
        m.put("timestamp.field", "event-time");
        S3CheckpointSinkConfig c = new S3CheckpointSinkConfig(m);
        assertThat(c.crossFieldProblems()).isEmpty();
        assertThat(c.timestampSource()).isEqualTo(KeyPathResolver.TimestampSource.HEADER);
        assertThat(c.keyPathResolver()).isNotNull();
        assertThat(new S3CheckpointSinkConfig(base()).keyPathResolver()).isNull();
    }

    private static List<String> errors(Config c, String name) {
        return c.configValues().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .map(ConfigValue::errorMessages)
                .orElseThrow();
    }

    @Test
    void validateWritesToTheBucketAndBlamesTheRightSetting() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        s3.createBucket("validate");
        Map<String, String> ok = base();
        ok.put("s3.endpoint", s3.endpoint().toString());
        ok.put("s3.path.style.access", "true");
        ok.put("aws.access.key.id", s3.accessKey());
        ok.put("aws.secret.access.key", s3.secretKey());
        S3CheckpointSinkConnector connector = new S3CheckpointSinkConnector();
        assertThat(connector.validate(ok).configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).isEmpty());

        Map<String, String> badSecret = new HashMap<>(ok);
        badSecret.put("aws.secret.access.key", "wrong");
        assertThat(errors(connector.validate(badSecret), "aws.secret.access.key"))
                .singleElement()
                .asString()
                .contains("does not match");

        Map<String, String> badKey = new HashMap<>(ok);
        badKey.put("aws.access.key.id", "nobody");
        assertThat(errors(connector.validate(badKey), "aws.access.key.id"))
                .singleElement()
                .asString()
                .contains("not known");

        Map<String, String> noBucket = new HashMap<>(ok);
        noBucket.put("s3.bucket.name", "no-such-bucket-here");
        assertThat(errors(connector.validate(noBucket), "s3.bucket.name"))
                .singleElement()
                .asString()
                .contains("does not exist");

        Map<String, String> unreachable = new HashMap<>(ok);
        unreachable.put("s3.endpoint", "http://127.0.0.1:1");
        assertThat(errors(connector.validate(unreachable), "s3.endpoint"))
                .singleElement()
                .asString()
                .contains("cannot reach");
    }

    @Test
    void readmeListsEverySettingAndTheExampleUsesOnlyKnownOnes() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (var key : S3CheckpointSinkConfig.CONFIG_DEF.configKeys().values()) {
            if (!key.internalConfig) {
                assertThat(readme).as("README.md documents " + key.name).contains("`" + key.name + "`");
            }
        }
        String example =
                Files.readString(Path.of("../config-examples/src/main/resources/connectors/s3-checkpoint-sink.json"));
        Matcher m = Pattern.compile("\"([a-z0-9.]+)\"\\s*:").matcher(example);
        while (m.find()) {
            String key = m.group(1);
            if (key.equals("name")
                    || key.equals("config")
                    || key.startsWith("key.")
                    || key.startsWith("value.")
                    || key.equals("connector.class")
                    || key.equals("tasks.max")
                    || key.startsWith("topics")) {
                continue;
            }
            assertThat(S3CheckpointSinkConfig.CONFIG_DEF.names())
                    .as("example setting " + key)
                    .contains(key);
        }
    }

    private static String rawBytesOf(Map<String, String> props) {
        S3CheckpointSinkConfig c = new S3CheckpointSinkConfig(props);
        byte[] bytes = new SinkRecordEncoder(c.format(), c.nullValuePolicy())
                .encode(new org.apache.kafka.connect.sink.SinkRecord(
                        "t", 0, null, null, org.apache.kafka.connect.data.Schema.STRING_SCHEMA, "v", 5))
                .bytes();
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void rawFormatEndsEachValueWithANewlineByDefault() {
        Map<String, String> m = base();
        m.put(S3CheckpointSinkConfig.FORMAT_CONFIG, "raw");
        // Connect trims string settings: the default must survive that, so it is the escape, not the character
        assertThat(rawBytesOf(m)).isEqualTo("v\n");
        m.put(S3CheckpointSinkConfig.RAW_SEPARATOR_CONFIG, "\\r\\n");
        assertThat(rawBytesOf(m)).isEqualTo("v\r\n");
        m.put(S3CheckpointSinkConfig.RAW_SEPARATOR_CONFIG, "");
        assertThat(rawBytesOf(m)).isEqualTo("v");
    }

    @Test
    void rawSeparatorWithAnUnknownEscapeFailsValidationNamingTheSetting() {
        Map<String, String> m = base();
        m.put(S3CheckpointSinkConfig.FORMAT_CONFIG, "raw");
        m.put(S3CheckpointSinkConfig.RAW_SEPARATOR_CONFIG, "\\q");
        assertThatThrownBy(() -> new S3CheckpointSinkConfig(m))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(S3CheckpointSinkConfig.RAW_SEPARATOR_CONFIG)
                .hasMessageContaining("unknown escape");
    }

    // a Confluent S3 sink config's names for settings that mean the same here work unchanged

    @Test
    void confluentNamesSetTheSettingsTheyMean() {
        Map<String, String> m = base();
        m.put("flush.size", "1234");
        m.put("s3.part.size", Long.toString(8L * 1024 * 1024));
        m.put("topics.dir", "topics");
        m.put("store.url", "http://127.0.0.1:9000");
        S3CheckpointSinkConfig c = new S3CheckpointSinkConfig(m);
        assertThat(c.getLong(S3CheckpointSinkConfig.MAX_RECORDS_CONFIG)).isEqualTo(1234L);
        assertThat(c.rotation().maxRecords()).isEqualTo(1234L);
        assertThat(c.getLong(S3CheckpointSinkConfig.PART_SIZE_CONFIG)).isEqualTo(8L * 1024 * 1024);
        assertThat(c.getString(S3CheckpointSinkConfig.PREFIX_CONFIG)).isEqualTo("topics");
        assertThat(c.getString(S3CheckpointSinkConfig.ENDPOINT_CONFIG)).isEqualTo("http://127.0.0.1:9000");
    }

    @Test
    void theOwnNameWinsWhenBothAreSet() {
        Map<String, String> m = base();
        m.put("flush.size", "1234");
        m.put("chunk.max.records", "99");
        assertThat(new S3CheckpointSinkConfig(m).getLong(S3CheckpointSinkConfig.MAX_RECORDS_CONFIG))
                .isEqualTo(99L);
    }

    @Test
    void aBadValueUnderTheConfluentNameIsReportedOnThatName() {
        Map<String, String> m = base();
        m.put("flush.size", "-5");
        m.put("s3.part.size", "1024");
        List<ConfigValue> values = S3CheckpointSinkConfig.CONFIG_DEF.validate(m);
        Map<String, List<String>> errors = new HashMap<>();
        values.forEach(v -> errors.put(v.name(), v.errorMessages()));
        assertThat(errors.get("flush.size")).isNotEmpty();
        assertThat(errors.get("s3.part.size")).isNotEmpty();
        assertThat(errors.get("chunk.max.records")).isEmpty();
        assertThat(errors.get("topics.dir")).isEmpty(); // unset aliases pass
    }
}
