/*
 * Copyright 2026 Tidemark contributors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.tidemark.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The layering of Tidemark's main code, as ArchUnit rules over the packages below one root.
 *
 * <p>The same definitions check the real code (root {@code io.tidemark}) and the deliberately
 * violating fixtures (root {@code io.tidemark.archfixture}), so a rule that is proven to fail on
 * the fixtures is the rule that guards the build.
 */
public final class LayeringRules {

    /** The connectors: none of them may know another. */
    static final List<String> CONNECTORS = List.of("filesource", "mongotrigger", "s3sink");

    /** The top packages of the plugin modules: common-store, connect-common and the connectors. */
    static final List<String> MODULES = List.of("store", "connect", "filesource", "mongotrigger", "s3sink");

    private static final String CONNECT_API = "org.apache.kafka.connect..";

    private final String root;

    private LayeringRules(String root) {
        this.root = root;
    }

    /** The rules for the packages below {@code root} (for example {@code io.tidemark}). */
    public static LayeringRules under(String root) {
        return new LayeringRules(root);
    }

    /**
     * The Connect API is used only in connect packages: the connectors' {@code *.connect} adapters
     * and the kernel ({@code connect-common}). Domain packages know nothing of Connect. The test kit
     * (local-stack) runs a real worker and is not held to this.
     */
    public ArchRule connectApiOnlyInConnectPackages() {
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .and()
                .resideOutsideOfPackages(root + "..connect..", stack())
                .should()
                .dependOnClassesThat()
                .resideInAPackage(CONNECT_API)
                .as("Connect API is used only in connect packages below " + root)
                .because("domain packages know nothing of Connect: the connectors' connect adapters and the"
                        + " kernel translate");
    }

    /** No connector depends on another connector. */
    public ArchRule connectorsAreIndependent() {
        List<ArchRule> rules = new ArrayList<>();
        for (String connector : CONNECTORS) {
            List<String> others = new ArrayList<>();
            for (String other : CONNECTORS) {
                if (!other.equals(connector)) {
                    others.add(root + "." + other + "..");
                }
            }
            rules.add(noClasses()
                    .that()
                    .resideInAPackage(root + "." + connector + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others.toArray(String[]::new))
                    .as(root + "." + connector + " does not depend on another connector"));
        }
        return CompositeArchRule.of(rules)
                .as("No connector below " + root + " depends on another connector")
                .because("what they share lives in connect-common or common-store");
    }

    /**
     * No package cycles within common-store, connect-common and each connector. A slice is a
     * module's top package, or one of its sub-packages together with everything below it.
     */
    public ArchRule noPackageCycles() {
        return slices().assignedFrom(new ModulePackageSlices(root))
                .should()
                .beFreeOfCycles()
                .as("Packages of each module below " + root + " are free of cycles");
    }

    /** Main code never depends on the test kit (local-stack), except the test kit itself. */
    public ArchRule mainCodeDoesNotUseTheTestKit() {
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .and()
                .resideOutsideOfPackage(stack())
                .should()
                .dependOnClassesThat()
                .resideInAPackage(stack())
                .as("Main code below " + root + " does not depend on the test kit " + stack())
                .because("local-stack starts brokers and workers for tests; it is never shipped");
    }

    /** The kernel (connect-common) opens the store through its API and never names LMDB. */
    public ArchRule kernelDoesNotKnowLmdb() {
        return noClasses()
                .that()
                .resideInAPackage(root + ".connect..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(root + ".store.lmdb..", "org.lmdbjava..")
                .as("The kernel " + root + ".connect does not depend on LMDB")
                .because("it opens the CheckpointStore through the store's API; which implementation backs it"
                        + " is common-store's business");
    }

    /** common-store knows nothing of Connect or Kafka, nor of the kernel above it. */
    public ArchRule storeDoesNotKnowConnect() {
        return noClasses()
                .that()
                .resideInAPackage(root + ".store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", root + ".connect..")
                .as("The store " + root + ".store does not depend on Kafka, Connect or the kernel")
                .because("the CheckpointStore is the durability boundary and usable without a worker");
    }

    /**
     * Threads a plugin starts carry the log context of the task that started them: they come from
     * {@code LogContextThreads}, never from a bare {@code new Thread}, so every log line of an upload
     * pool, group commit or sync thread names its connector and task. The test kit, the demo and the
     * benchmarks are not plugins.
     */
    public ArchRule pluginThreadsCarryTheLogContext() {
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .and()
                .resideOutsideOfPackages(stack(), root + ".demo..", root + ".bench..")
                .and()
                .doNotHaveFullyQualifiedName(root + ".concurrent.LogContextThreads")
                .should()
                .callConstructorWhere(JavaCall.Predicates.target(
                        HasOwner.Predicates.With.owner(JavaClass.Predicates.equivalentTo(Thread.class))))
                .as("Plugin code below " + root + " starts threads through LogContextThreads only")
                .because("a thread started without the task's MDC logs lines that name no connector");
    }

    private String stack() {
        return root + ".stack..";
    }

    /** Slices the plugin modules' packages: {@code store}, {@code store.lmdb}, {@code filesource.tail}, ... */
    private static final class ModulePackageSlices implements SliceAssignment {

        private final String root;

        ModulePackageSlices(String root) {
            this.root = root;
        }

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            for (String module : MODULES) {
                String top = root + "." + module;
                if (pkg.equals(top)) {
                    return SliceIdentifier.of(module);
                }
                if (pkg.startsWith(top + ".")) {
                    String rest = pkg.substring(top.length() + 1);
                    int dot = rest.indexOf('.');
                    return SliceIdentifier.of(module + "." + (dot < 0 ? rest : rest.substring(0, dot)));
                }
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "packages of " + root + "." + MODULES;
        }
    }
}
