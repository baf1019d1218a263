/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.s3sink.remote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that a store honours the two conditional writes the manifest fencing rests on, with one
 * probe object: a create with {@code If-None-Match: *} (must succeed), the same create again (must
 * fail: 412, or 409 ConditionalRequestConflict), a replace with {@code If-Match} on the current
 * ETag (must succeed and change the ETag), a replace with {@code If-Match} on the first, now stale
 * ETag (must fail), then a delete. Five requests. A store that accepts the second create or the
 * stale replace ignores the conditions: a fenced writer's manifest write would then land.
 */
public final class ConditionalWriteProbe {

    private static final Logger LOG = LoggerFactory.getLogger(ConditionalWriteProbe.class);

    /**
     * What the probe found.
     *
     * @param ignored what the store did not honour (empty when both conditions hold), each a sentence
     */
    public record Result(List<String> ignored) {
        public Result {
            ignored = List.copyOf(ignored);
        }

        public boolean honoured() {
            return ignored.isEmpty();
        }

        /** What the store ignored, joined into one clause. */
        public String describe() {
            return String.join("; ", ignored);
        }
    }

    private ConditionalWriteProbe() {}

    /**
     * Runs the probe on {@code key} (a fresh key nobody else writes) and deletes it again.
     *
     * @throws RemoteStoreException when the store cannot be written at all (credentials, bucket,
     *     network): the caller reports that on the setting to fix
     */
    public static Result run(RemoteStore remote, String key) {
        String first;
        try {
            first = remote.putBytes(key, body(1), WriteCondition.CREATE_ONLY);
        } catch (PreconditionFailedException e) {
            // a retried create whose first attempt had landed: the object is ours
            first = remote.head(key).map(ObjectInfo::etag).orElseThrow(() -> e);
        }
        List<String> ignored = new ArrayList<>();
        try {
            String current = first;
            try {
                current = remote.putBytes(key, body(2), WriteCondition.CREATE_ONLY);
                ignored.add("a second PUT with If-None-Match: * on an existing object succeeded (expected 412)");
            } catch (PreconditionFailedException expected) {
                // honoured
            }
            String replaced;
            try {
                replaced = remote.putBytes(key, body(3), WriteCondition.ifMatch(current));
            } catch (PreconditionFailedException e) {
                ignored.add("a PUT with If-Match on the object's current ETag " + current + " was refused ("
                        + e.getMessage() + ")");
                return new Result(ignored);
            }
            if (sameEtag(replaced, first)) {
                ignored.add("the ETag did not change when the object was replaced (" + first + "), so If-Match"
                        + " cannot tell a stale writer");
                return new Result(ignored);
            }
            try {
                remote.putBytes(key, body(4), WriteCondition.ifMatch(first));
                ignored.add("a PUT with If-Match on a stale ETag " + first + " succeeded (expected 412)");
            } catch (PreconditionFailedException expected) {
                // honoured
            }
            return new Result(ignored);
        } finally {
            try {
                remote.delete(key);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Could not delete the probe object s3://{}/{}; it can be deleted by hand",
                        remote.bucket(),
                        key,
                        e);
            }
        }
    }

    private static boolean sameEtag(String a, String b) {
        return a != null && b != null && strip(a).equals(strip(b));
    }

    private static String strip(String etag) {
        String s = etag.startsWith("W/") ? etag.substring(2) : etag;
        return s.replace("\"", "");
    }

    private static byte[] body(int step) {
        return ("{\"tidemark\":\"conditional write probe\",\"step\":" + step + "}").getBytes(StandardCharsets.UTF_8);
    }
}
