package io.tidemark.mongotrigger.filter;

/** An event's logical database cannot be told and the configuration says to stop. */
public final class UnresolvedLogicalDatabaseException extends RuntimeException {
    public UnresolvedLogicalDatabaseException(String message) {
        super(message);
    }
}
