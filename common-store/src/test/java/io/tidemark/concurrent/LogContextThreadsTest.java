/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextThreadsTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void poolThreadsLogWithTheConnectorContextOfTheTaskThatMadeThePool() throws Exception {
        MDC.put("connector.context", "[logs|task-0] ");
        ExecutorService pool = Executors.newFixedThreadPool(2, LogContextThreads.pool("upload"));
        MDC.put("connector.context", "changed later on the task thread");
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<String> name = new AtomicReference<>();
        pool.submit(() -> {
                    seen.set(MDC.get("connector.context"));
                    name.set(Thread.currentThread().getName());
                })
                .get(5, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(seen.get()).isEqualTo("[logs|task-0] ");
        assertThat(name.get()).isEqualTo("upload-1");
    }

    @Test
    void aSingleThreadIsADaemonWithTheCallersContext() throws Exception {
        MDC.put("connector.context", "[files|task-3] ");
        AtomicReference<String> seen = new AtomicReference<>();
        Thread t = LogContextThreads.thread("group-commit", () -> seen.set(MDC.get("connector.context")));
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.getName()).isEqualTo("group-commit");
        t.start();
        t.join(5000);
        assertThat(seen.get()).isEqualTo("[files|task-3] ");
    }

    @Test
    void withoutAContextThreadsStartClean() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>("unset");
        Thread t = LogContextThreads.thread("plain", () -> seen.set(MDC.getCopyOfContextMap()));
        t.start();
        t.join(5000);
        assertThat(seen.get()).satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat((java.util.Map<?, ?>) v)
                .isEmpty());
    }
}
