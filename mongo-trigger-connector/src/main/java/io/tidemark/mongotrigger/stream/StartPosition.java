/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/** Where a change stream starts. */
public sealed interface StartPosition {

    /** Just after the event (or post-batch position) {@code token} names (exclusive). */
    record AfterToken(BsonDocument token) implements StartPosition {
        public AfterToken {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "after token " + token.toJson();
        }
    }

    /** At an operation time, inclusive. */
    record AtOperationTime(BsonTimestamp time) implements StartPosition {
        public AtOperationTime {
            Objects.requireNonNull(time, "time");
        }

        @Override
        public String toString() {
            return "at operation time " + time.getTime() + ":" + time.getInc();
        }
    }

    /** From the current end of the oplog: earlier events are not seen. */
    record Now() implements StartPosition {
        @Override
        public String toString() {
            return "now";
        }
    }

    static StartPosition after(BsonDocument token) {
        return new AfterToken(token);
    }

    static StartPosition now() {
        return new Now();
    }

    static StartPosition at(BsonTimestamp time) {
        return new AtOperationTime(time);
    }
}
