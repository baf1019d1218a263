/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.startup;

import java.util.Optional;
import org.bson.BsonTimestamp;

/**
 * What to do when no checkpoint exists.
 *
 * @param startFromNow     StartFromNow: start from now (with an audit line) instead of failing
 * @param startAtOperation start at this operation time instead (takes precedence over startFromNow)
 * @param copyExisting     copy the existing documents first, then stream from the operation time taken
 *                         before the copy started
 */
public record StartupSettings(boolean startFromNow, Optional<BsonTimestamp> startAtOperation, boolean copyExisting) {

    public StartupSettings(boolean startFromNow, Optional<BsonTimestamp> startAtOperation) {
        this(startFromNow, startAtOperation, false);
    }
}
