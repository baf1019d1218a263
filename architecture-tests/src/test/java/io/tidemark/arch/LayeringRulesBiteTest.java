/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each layering rule fails on the deliberately mis-layered fixtures in {@code
 * io.tidemark.archfixture}, names the offending class, and leaves the well-layered ones alone.
 */
class LayeringRulesBiteTest {

    private static final String FIXTURE_ROOT = "io.tidemark.archfixture";
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE_ROOT);
    private static final LayeringRules RULES = LayeringRules.under(FIXTURE_ROOT);

    @Test
    void connectApiInADomainPackageFails() {
        List<String> details = violations(RULES.connectApiOnlyInConnectPackages());

        assertThat(details)
                .anyMatch(d -> d.contains(FIXTURE_ROOT + ".filesource.tail.TailerThatBuildsRecords"))
                .anyMatch(d -> d.contains(FIXTURE_ROOT + ".store.StoreThatKnowsConnect"))
                .noneMatch(d -> d.contains("FixtureSourceTask"))
                .noneMatch(d -> d.contains("KernelThatOpensLmdb"))
                .noneMatch(d -> d.contains("FixtureKit"))
                .noneMatch(d -> d.contains("FixtureWorker"));
    }

    @Test
    void aConnectorUsingAnotherConnectorFails() {
        List<String> details = violations(RULES.connectorsAreIndependent());

        assertThat(details)
                .isNotEmpty()
                .allMatch(d -> d.contains(FIXTURE_ROOT + ".filesource.tail.TailerThatBuildsRecords")
                        && d.contains(FIXTURE_ROOT + ".s3sink.stage.FixtureStager"));
    }

    @Test
    void aPackageCycleFails() {
        List<String> details = violations(RULES.noPackageCycles());

        assertThat(details)
                .hasSize(1)
                .allMatch(d -> d.contains("Cycle detected")
                        && d.contains("mongotrigger.stream")
                        && d.contains("mongotrigger.checkpoint"))
                .noneMatch(d -> d.contains("filesource"));
    }

    @Test
    void mainCodeUsingTheTestKitFails() {
        List<String> details = violations(RULES.mainCodeDoesNotUseTheTestKit());

        assertThat(details)
                .isNotEmpty()
                .allMatch(d -> d.contains(FIXTURE_ROOT + ".mongotrigger.filter.FilterThatUsesTestKit"));
    }

    @Test
    void theKernelNamingLmdbFails() {
        List<String> details = violations(RULES.kernelDoesNotKnowLmdb());

        assertThat(details)
                .isNotEmpty()
                .allMatch(d -> d.contains(FIXTURE_ROOT + ".connect.KernelThatOpensLmdb"))
                .anyMatch(d -> d.contains("org.lmdbjava.Env"))
                .anyMatch(d -> d.contains(FIXTURE_ROOT + ".store.lmdb.FixtureLmdbStore"));
    }

    @Test
    void aBareThreadInPluginCodeFails() {
        List<String> details = violations(RULES.pluginThreadsCarryTheLogContext());

        assertThat(details)
                .isNotEmpty()
                .allMatch(d -> d.contains(FIXTURE_ROOT + ".s3sink.stage.UploaderWithABareThread"));
    }

    @Test
    void theStoreKnowingConnectFails() {
        List<String> details = violations(RULES.storeDoesNotKnowConnect());

        assertThat(details)
                .isNotEmpty()
                .allMatch(d -> d.contains(FIXTURE_ROOT + ".store.StoreThatKnowsConnect")
                        && d.contains("org.apache.kafka.connect.data.Struct"));
    }

    private static List<String> violations(ArchRule rule) {
        EvaluationResult result = rule.evaluate(FIXTURES);
        assertThat(result.hasViolation())
                .as("%s fails on the fixtures", rule.getDescription())
                .isTrue();
        return result.getFailureReport().getDetails();
    }
}
