/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering rules hold for the main code of every module (test code is not checked).
 *
 * <p>No violation is tolerated: the rules held when they came in (the mongo record builder moved
 * into its connect package, the package cycles were broken), so any violation fails the build.
 */
class LayeringTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("io.tidemark");
    private static final LayeringRules RULES = LayeringRules.under("io.tidemark");

    @Test
    void connectApiOnlyInConnectPackages() {
        RULES.connectApiOnlyInConnectPackages().check(MAIN);
    }

    @Test
    void connectorsAreIndependent() {
        RULES.connectorsAreIndependent().check(MAIN);
    }

    @Test
    void noPackageCycles() {
        RULES.noPackageCycles().check(MAIN);
    }

    @Test
    void mainCodeDoesNotUseTheTestKit() {
        RULES.mainCodeDoesNotUseTheTestKit().check(MAIN);
    }

    @Test
    void kernelDoesNotKnowLmdb() {
        RULES.kernelDoesNotKnowLmdb().check(MAIN);
    }

    @Test
    void storeDoesNotKnowConnect() {
        RULES.storeDoesNotKnowConnect().check(MAIN);
    }

    @Test
    void pluginThreadsCarryTheLogContext() {
        RULES.pluginThreadsCarryTheLogContext().check(MAIN);
    }
}
