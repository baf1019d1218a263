/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.concurrent;

import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * Named daemon threads that run with the MDC of the thread that created the factory (Connect sets
 * {@code connector.context} on task threads; threads a task starts do not inherit it).
 */
public final class LogContextThreads implements ThreadFactory {

    private final String name;
    private final boolean numbered;
    private final Map<String, String> context;
    private final AtomicInteger count = new AtomicInteger();

    private LogContextThreads(String name, boolean numbered) {
        this.name = name;
        this.numbered = numbered;
        this.context = MDC.getCopyOfContextMap();
    }

    /** A factory for a pool: threads named {@code <prefix>-1}, {@code <prefix>-2}, ... */
    public static LogContextThreads pool(String prefix) {
        return new LogContextThreads(prefix, true);
    }

    /** One daemon thread named {@code name}, with the caller's log context. */
    public static Thread thread(String name, Runnable body) {
        return new LogContextThreads(name, false).newThread(body);
    }

    @Override
    public Thread newThread(Runnable body) {
        Thread t = new Thread(
                () -> {
                    if (context != null) {
                        MDC.setContextMap(context);
                    }
                    try {
                        body.run();
                    } finally {
                        MDC.clear();
                    }
                },
                numbered ? name + "-" + count.incrementAndGet() : name);
        t.setDaemon(true);
        return t;
    }
}
