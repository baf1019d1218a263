/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;

class WorkerVersionTest {

    /** Stand-ins for the Connect 3.5 API classes: same names of the probed types, without the 3.6 methods. */
    abstract static class SourceConnector35 {}

    abstract static class SinkConnector35 {}

    static class SinkRecord35 {
        public String topic() {
            return "t";
        }
    }

    @Test
    void passesOnTheConnectApiTheBuildRunsAgainst() {
        assertThatCode(() -> WorkerVersion.requireAtLeast36("file source")).doesNotThrowAnyException();
        assertThat(WorkerVersion.missingApi(SourceConnector.class, SinkConnector.class, SinkRecord.class))
                .isEmpty();
    }

    @Test
    void failsOnAWorkerWithoutTheConnect36ApiNamingPluginVersionAndWhatToDo() {
        assertThatThrownBy(() -> WorkerVersion.check(
                        "S3 checkpoint sink",
                        SourceConnector35.class,
                        SinkConnector35.class,
                        SinkRecord35.class,
                        "3.5.2"))
                .isInstanceOf(ConnectException.class)
                .hasMessageStartingWith(
                        "Tidemark S3 checkpoint sink needs Kafka Connect 3.6 or later; this worker runs Kafka 3.5.2")
                .hasMessageContaining("SinkRecord35.originalTopic()")
                .hasMessageContaining("SourceConnector35.alterOffsets()")
                .hasMessageContaining("Upgrade the worker");
    }

    @Test
    void readsTheWorkerVersionFromTheKafkaClientsJarWithoutAppInfoParser() {
        // AppInfoParser moved to ...utils.internals in Kafka 4.4: the check must not link against it
        assertThat(WorkerVersion.workerKafkaVersion())
                .isEqualTo(org.apache.kafka.common.utils.AppInfoParser.getVersion());
    }

    @Test
    void aSingleMissingMethodIsEnoughToFail() {
        assertThat(WorkerVersion.missingApi(SourceConnector.class, SinkConnector.class, SinkRecord35.class))
                .containsExactly("SinkRecord35.originalTopic()");
    }
}
