/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Retries of transient S3 failures by their cause, counted by {@link RemoteStore#retrying}; thread-safe. */
public final class RetryStats {

    /** Why a failed S3 call was retried. */
    public enum Cause {
        /** HTTP 429, 503 SlowDown: the store asks the client to send less. */
        THROTTLED("throttled"),
        /** Other HTTP 5xx answers. */
        SERVER_ERROR("server-error"),
        /** The store's RequestTimeout, or the client's call or attempt timeout. */
        TIMEOUT("timeout"),
        /** No answer: connection refused or reset, a broken transfer. */
        CONNECTION("connection"),
        /** The store refused the body: BadDigest, a content SHA-256 mismatch, an incomplete body. */
        INTEGRITY("integrity"),
        /** RequestTimeTooSkewed: the worker's clock is off. */
        CLOCK_SKEW("clock-skew"),
        /** HTTP 409 other than a conditional-write conflict (a concurrent operation on the key). */
        CONFLICT("conflict");

        private final String tag;

        Cause(String tag) {
            this.tag = tag;
        }

        /** The value of the metric's {@code cause} tag. */
        public String tag() {
            return tag;
        }
    }

    private final Map<Cause, LongAdder> counts = new EnumMap<>(Cause.class);

    public RetryStats() {
        for (Cause c : Cause.values()) {
            counts.put(c, new LongAdder());
        }
    }

    void count(Cause cause) {
        counts.get(cause).increment();
    }

    /** Retries of this cause since the store was created. */
    public long retries(Cause cause) {
        return counts.get(cause).sum();
    }

    /** The cause of a transient failure, from its HTTP status and error code (status 0: no answer). */
    static Cause causeOf(RemoteStoreException e) {
        int status = e.statusCode();
        String code = e.errorCode();
        if (status == 429 || "SlowDown".equals(code) || "Throttling".equals(code)) {
            return Cause.THROTTLED;
        }
        if ("RequestTimeout".equals(code)) {
            return Cause.TIMEOUT;
        }
        if ("RequestTimeTooSkewed".equals(code)) {
            return Cause.CLOCK_SKEW;
        }
        if ("BadDigest".equals(code) || "XAmzContentSHA256Mismatch".equals(code) || "IncompleteBody".equals(code)) {
            return Cause.INTEGRITY;
        }
        if (status == 409) {
            return Cause.CONFLICT;
        }
        if (status >= 500) {
            return Cause.SERVER_ERROR;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.contains("Timeout")) {
                return Cause.TIMEOUT;
            }
        }
        return Cause.CONNECTION;
    }
}
