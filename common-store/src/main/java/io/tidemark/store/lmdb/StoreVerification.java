/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.store.lmdb;

import io.tidemark.store.StoreIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link StoreVerifier#verify(Path)} found in a store directory.
 *
 * @param directory the store directory as given
 * @param identity the recorded owner, when the identity record is present and valid
 * @param entries the entries read (reserved keys excluded)
 * @param valueBytes the total size of the values read (reserved keys excluded)
 * @param checks the checks run, in order ({@link StoreVerifier#CHECKS}); a check whose
 *     precondition failed (the environment did not open) is not run
 * @param problems every problem found; empty when the store is sound
 */
public record StoreVerification(
        Path directory,
        Optional<StoreIdentity> identity,
        long entries,
        long valueBytes,
        List<String> checks,
        List<Problem> problems) {

    public StoreVerification {
        checks = List.copyOf(checks);
        problems = List.copyOf(problems);
    }

    /**
     * One problem.
     *
     * @param check the check that found it (one of {@link StoreVerifier#CHECKS})
     * @param key the key concerned, when there is one: the key as text, or {@code hex:...} when its
     *     bytes are not valid UTF-8; null otherwise
     * @param message what is wrong, for an operator
     */
    public record Problem(String check, String key, String message) {}

    /** True when no check found a problem. */
    public boolean sound() {
        return problems.isEmpty();
    }
}
