package io.tidemark.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import org.junit.jupiter.api.Test;

/**
 * The layering rules hold for the main code of every module (test code is not checked).
 *
 * <p>Two rules are frozen ({@link FreezingArchRule}): their violations on the day the rules came in
 * are recorded under {@code src/test/resources/archunit_store} and tolerated, any other violation
 * fails. Mongo's {@code record.EventRecords} builds Connect structs outside a connect package; the
 * packages {@code mongotrigger.checkpoint}/{@code mongotrigger.stream} and {@code s3sink.manifest}/{@code
 * s3sink.scan} depend on each other. Fixing one removes it from the store.
 */
class LayeringTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("io.tidemark");
    private static final LayeringRules RULES = LayeringRules.under("io.tidemark");

    @Test
    void connectApiOnlyInConnectPackages() {
        FreezingArchRule.freeze(RULES.connectApiOnlyInConnectPackages()).check(MAIN);
    }

    @Test
    void connectorsAreIndependent() {
        RULES.connectorsAreIndependent().check(MAIN);
    }

    @Test
    void noPackageCycles() {
        FreezingArchRule.freeze(RULES.noPackageCycles()).check(MAIN);
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
}
