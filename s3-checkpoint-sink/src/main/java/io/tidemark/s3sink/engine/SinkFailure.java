package io.tidemark.s3sink.engine;

/**
 * The engine cannot go on with a partition. The message says what happened and what to do.
 * {@link #isRetriable()}: the same call may succeed later (Connect should retry), otherwise an
 * operator must act.
 */
public class SinkFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public SinkFailure(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean isRetriable() {
        return retriable;
    }
}
