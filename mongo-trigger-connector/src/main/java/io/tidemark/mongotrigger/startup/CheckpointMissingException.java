package io.tidemark.mongotrigger.startup;

/** No checkpoint and no permission to start anywhere else: seed 001's fail-fast row. */
public final class CheckpointMissingException extends RuntimeException {
    public CheckpointMissingException(String message) {
        super(message);
    }
}
