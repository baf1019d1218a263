/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.stack.rest;

/** A Connect REST call answered with a non-2xx status (or could not be made). */
public class ConnectRestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String body;

    public ConnectRestException(String request, int status, String body) {
        super(request + " -> HTTP " + status + ": " + body);
        this.status = status;
        this.body = body;
    }

    public ConnectRestException(String request, Throwable cause) {
        super(request + " failed: " + cause, cause);
        this.status = -1;
        this.body = "";
    }

    /** HTTP status, -1 when no response arrived. */
    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
