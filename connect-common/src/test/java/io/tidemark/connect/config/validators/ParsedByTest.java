/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.config.validators;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ParsedByTest {

    private static void noBraces(String value) {
        if (value.contains("{")) {
            throw new IllegalArgumentException("braces are not allowed");
        }
    }

    @Test
    void theParsersMessageBecomesTheErrorOfTheSetting() {
        assertThatThrownBy(() ->
                        ParsedBy.string(ParsedByTest::noBraces, "no braces").ensureValid("t", "a{"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("t")
                .hasMessageContaining("braces are not");
        assertThatCode(() ->
                        ParsedBy.string(ParsedByTest::noBraces, "no braces").ensureValid("t", null))
                .doesNotThrowAnyException();
    }

    @Test
    void everyListElementIsParsedAndAnEmptyListCanBeRequired() {
        ParsedBy globs = ParsedBy.eachOf(ParsedByTest::noBraces, "globs", "at least one glob is required");
        assertThatThrownBy(() -> globs.ensureValid("g", List.of("a", "b{"))).hasMessageContaining("b{");
        assertThatThrownBy(() -> globs.ensureValid("g", List.of())).hasMessageContaining("at least one glob");
        assertThatCode(() ->
                        ParsedBy.eachOf(ParsedByTest::noBraces, "globs", null).ensureValid("g", List.of()))
                .doesNotThrowAnyException();
    }

    @Test
    void sharedValidatorsRejectWhatTheyDescribe() {
        assertThatThrownBy(() -> new OptionalHttpUrl().ensureValid("e", "ftp://x"))
                .hasMessageContaining("http");
        assertThatCode(() -> new OptionalHttpUrl().ensureValid("e", " ")).doesNotThrowAnyException();
        assertThatThrownBy(() -> new OptionalRegex().ensureValid("r", "([")).hasMessageContaining("regular expression");
        assertThatThrownBy(() -> new CharsetName().ensureValid("c", "no-such")).hasMessageContaining("charset");
        assertThatThrownBy(() -> new NonEmptyList("need one", "roots").ensureValid("l", List.of(" ")))
                .hasMessageContaining("need one");
    }
}
