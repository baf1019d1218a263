/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import com.mongodb.MongoClientException;
import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.util.Locale;
import java.util.Set;

/** Sorts change-stream failures into {@link ErrorKind}s by exception type, server error code and label. */
public final class ErrorClassifier {

    /** InvalidResumeToken, ChangeStreamFatalError, ChangeStreamHistoryLost, CappedPositionLost. */
    static final Set<Integer> HISTORY_LOST_CODES = Set.of(260, 280, 286, 136);

    /** Codes the server returns for elections, shutdowns, network and time limits. */
    static final Set<Integer> TRANSIENT_CODES = Set.of(
            6, // HostUnreachable
            7, // HostNotFound
            43, // CursorNotFound
            63, // StaleShardVersion
            89, // NetworkTimeout
            91, // ShutdownInProgress
            133, // FailedToSatisfyReadPreference
            150, // StaleEpoch
            189, // PrimarySteppedDown
            234, // RetryChangeStream
            262, // ExceededTimeLimit
            9001, // SocketException
            10107, // NotWritablePrimary
            11600, // InterruptedAtShutdown
            11602, // InterruptedDueToReplStateChange
            13388, // StaleConfig
            13435, // NotPrimaryNoSecondaryOk
            13436); // NotPrimaryOrSecondary

    static final Set<Integer> AUTH_CODES = Set.of(13, 18); // Unauthorized, AuthenticationFailed

    private ErrorClassifier() {}

    public static ErrorKind classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            ErrorKind kind = classifyOne(t);
            if (kind != null) {
                return kind;
            }
        }
        return ErrorKind.FATAL;
    }

    private static ErrorKind classifyOne(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        if (t instanceof MongoSecurityException) {
            return ErrorKind.AUTHENTICATION;
        }
        if (t instanceof MongoException mongo) {
            int code = mongo.getCode();
            if (HISTORY_LOST_CODES.contains(code) || mentionsLostResumePoint(message)) {
                return ErrorKind.HISTORY_LOST;
            }
            if (AUTH_CODES.contains(code)) {
                return ErrorKind.AUTHENTICATION;
            }
            if (t instanceof MongoSocketException
                    || t instanceof MongoTimeoutException
                    || t instanceof MongoNotPrimaryException
                    || t instanceof MongoNodeIsRecoveringException
                    || t instanceof MongoCursorNotFoundException
                    || TRANSIENT_CODES.contains(code)
                    || mongo.hasErrorLabel("ResumableChangeStreamError")
                    || mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                    || mongo.hasErrorLabel("RetryableWriteError")) {
                return ErrorKind.TRANSIENT;
            }
            if (t instanceof MongoClientException && message.contains("state should be: open")) {
                return ErrorKind.TRANSIENT; // the client was closed under the cursor: reopen
            }
            return ErrorKind.FATAL;
        }
        if (t instanceof java.net.SocketException
                || t instanceof java.net.SocketTimeoutException
                || t instanceof java.net.ConnectException) {
            return ErrorKind.TRANSIENT;
        }
        return null;
    }

    /** Some servers (and older versions) report a lost resume point with another code. */
    static boolean mentionsLostResumePoint(String lowerMessage) {
        return lowerMessage.contains("resume point may no longer be in the oplog")
                || lowerMessage.contains("resume of change stream was not possible")
                || lowerMessage.contains("history lost")
                || (lowerMessage.contains("resume token")
                        && (lowerMessage.contains("not found")
                                || lowerMessage.contains("no longer")
                                || lowerMessage.contains("invalid")));
    }
}
