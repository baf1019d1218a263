/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.connect.errors;

import io.tidemark.store.CheckpointStoreException;
import io.tidemark.store.CorruptRecordException;
import io.tidemark.store.ForeignStoreException;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * The one place that decides how a failure reaches Kafka Connect: transient ones as
 * {@link RetriableException} (Connect calls again), everything else as {@link ConnectException}
 * (the task fails with a message a user can act on). Every Tidemark task maps its exceptions
 * through here.
 */
public final class ErrorTranslator {

    private ErrorTranslator() {}

    /**
     * The Connect exception for {@code failure}. Connect's own exceptions pass through unchanged;
     * a {@link TidemarkException} keeps its message and becomes retriable or fatal as it says;
     * checkpoint-store failures are fatal and keep their message (it names the store);
     * anything else is fatal, prefixed with {@code context} (what the task was doing).
     */
    public static ConnectException translate(String context, Throwable failure) {
        if (failure instanceof ConnectException connect) {
            return connect;
        }
        if (failure instanceof TidemarkException t) {
            return t.isRetriable()
                    ? new RetriableException(t.getMessage(), t)
                    : new ConnectException(t.getMessage(), t);
        }
        if (failure instanceof CorruptRecordException
                || failure instanceof ForeignStoreException
                || failure instanceof CheckpointStoreException) {
            return new ConnectException(failure.getMessage(), failure);
        }
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        return new ConnectException(context + ": " + message, failure);
    }

    /** Runs {@code call} and translates what it throws. */
    public static <T> T guard(String context, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw translate(context, e);
        }
    }

    /** Runs {@code call} and translates what it throws. */
    public static void run(String context, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            throw translate(context, e);
        }
    }
}
