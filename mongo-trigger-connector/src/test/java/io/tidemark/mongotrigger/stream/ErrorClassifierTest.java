/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import static io.tidemark.mongotrigger.stream.ScriptedChangeStreamSource.commandError;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCredential;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorClassifierTest {

    @ParameterizedTest
    @ValueSource(ints = {260, 280, 286, 136})
    void historyLostCodes(int code) {
        assertThat(ErrorClassifier.classify(commandError(code, "X", "boom"))).isEqualTo(ErrorKind.HISTORY_LOST);
    }

    @Test
    void historyLostByMessageOnOtherCodes() {
        assertThat(ErrorClassifier.classify(commandError(
                        10334,
                        "X",
                        "Resume of change stream was not possible, as the resume point may no longer be in the oplog")))
                .isEqualTo(ErrorKind.HISTORY_LOST);
    }

    @ParameterizedTest
    @ValueSource(ints = {189, 91, 11600, 11602, 10107, 13435, 13436, 6, 7, 89, 9001, 43, 262})
    void transientCodes(int code) {
        assertThat(ErrorClassifier.classify(commandError(code, "X", "step down")))
                .isEqualTo(ErrorKind.TRANSIENT);
    }

    @Test
    void transientExceptionTypes() {
        ServerAddress a = new ServerAddress("h", 1);
        assertThat(ErrorClassifier.classify(new MongoSocketReadException("reset", a)))
                .isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.classify(new MongoSocketOpenException("refused", a)))
                .isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.classify(new MongoTimeoutException("no server")))
                .isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.classify(
                        new MongoNotPrimaryException(new BsonDocument("code", new BsonInt32(10107)), a)))
                .isEqualTo(ErrorKind.TRANSIENT);
        assertThat(ErrorClassifier.classify(new RuntimeException("wrapped", new MongoSocketReadException("x", a))))
                .isEqualTo(ErrorKind.TRANSIENT);
    }

    @Test
    void resumableLabelIsTransient() {
        var e = commandError(999, "Whatever", "x");
        e.addLabel("ResumableChangeStreamError");
        assertThat(ErrorClassifier.classify(e)).isEqualTo(ErrorKind.TRANSIENT);
    }

    @Test
    void authenticationFailures() {
        assertThat(ErrorClassifier.classify(new MongoSecurityException(
                        MongoCredential.createCredential("u", "admin", "p".toCharArray()), "Exception authenticating")))
                .isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(ErrorClassifier.classify(commandError(13, "Unauthorized", "not authorized")))
                .isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(ErrorClassifier.classify(commandError(18, "AuthenticationFailed", "bad")))
                .isEqualTo(ErrorKind.AUTHENTICATION);
    }

    @Test
    void everythingElseIsFatal() {
        assertThat(ErrorClassifier.classify(commandError(
                        40573, "Location40573", "The $changeStream stage is only supported on replica sets")))
                .isEqualTo(ErrorKind.FATAL);
        assertThat(ErrorClassifier.classify(new IllegalArgumentException("x"))).isEqualTo(ErrorKind.FATAL);
    }
}
