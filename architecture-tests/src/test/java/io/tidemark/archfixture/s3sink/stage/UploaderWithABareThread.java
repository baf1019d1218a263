/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.archfixture.s3sink.stage;

/** Violates: starts a thread without the task's log context. */
public class UploaderWithABareThread {
    public Thread start(Runnable upload) {
        Thread t = new Thread(upload, "uploader");
        t.start();
        return t;
    }
}
