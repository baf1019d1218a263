/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.store.CorruptRecordException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class ErrorTranslatorTest {

    @Test
    void retriableDomainFailuresBecomeRetriableExceptionsWithTheirMessage() {
        ConnectException e = ErrorTranslator.translate("writing", new TidemarkException("S3 throttled us", true));
        assertThat(e).isInstanceOf(RetriableException.class).hasMessage("S3 throttled us");
    }

    @Test
    void otherDomainFailuresFailTheTaskWithTheirMessage() {
        ConnectException e = ErrorTranslator.translate("writing", new TidemarkException("fenced by task 2", false));
        assertThat(e).isNotInstanceOf(RetriableException.class).hasMessage("fenced by task 2");
    }

    @Test
    void storeFailuresAreFatalAndKeepTheirMessageConnectOnesPassThrough() {
        CorruptRecordException corrupt = new CorruptRecordException("pos/a", "bad length");
        assertThat(ErrorTranslator.translate("starting", corrupt))
                .isNotInstanceOf(RetriableException.class)
                .hasMessage(corrupt.getMessage())
                .hasCause(corrupt);
        RetriableException already = new RetriableException("again");
        assertThat(ErrorTranslator.translate("x", already)).isSameAs(already);
    }

    @Test
    void unexpectedFailuresNameWhatTheTaskWasDoing() {
        assertThatThrownBy(() -> ErrorTranslator.run("polling files", () -> {
                    throw new IllegalStateException("boom");
                }))
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessage("polling files: boom");
        assertThat(ErrorTranslator.guard("x", () -> 42)).isEqualTo(42);
    }
}
