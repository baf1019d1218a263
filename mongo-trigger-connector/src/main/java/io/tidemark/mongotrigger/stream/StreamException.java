package io.tidemark.mongotrigger.stream;

/** A change-stream failure, already classified. */
public class StreamException extends RuntimeException {

    private final ErrorKind kind;

    public StreamException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Worth retrying: the stream reopens by itself from the last position after a backoff. */
    public boolean isTransient() {
        return kind == ErrorKind.TRANSIENT;
    }
}
