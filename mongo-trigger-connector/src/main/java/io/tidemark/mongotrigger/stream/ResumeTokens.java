/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.mongotrigger.stream;

import java.util.OptionalLong;
import org.bson.BsonDocument;

/**
 * The cluster time inside a change stream resume token. MongoDB (3.6 and later) encodes {@code _data} as a
 * hex KeyString that starts with the event's cluster time: the type byte {@code 0x82} (a timestamp), then
 * its seconds (4 bytes) and increment (4 bytes), big endian. mongo-java-server's tokens are the timestamp
 * alone (16 hex digits). Tokens of other shapes have no readable time.
 */
public final class ResumeTokens {

    private static final String TIMESTAMP_TYPE = "82";

    private ResumeTokens() {}

    /** The seconds of the token's cluster time, or empty when the token does not carry one readably. */
    public static OptionalLong clusterTimeSeconds(BsonDocument token) {
        if (token == null || !token.isString("_data")) {
            return OptionalLong.empty();
        }
        String data = token.getString("_data").getValue();
        if (data.length() == 16) {
            try {
                return OptionalLong.of(Long.parseUnsignedLong(data, 16) >>> 32);
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        if (data.length() < 18 || !data.regionMatches(true, 0, TIMESTAMP_TYPE, 0, 2)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(data.substring(2, 10), 16));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
