package io.tidemark.stack.scenario;

/** Factories for {@link ScenarioEnvironment}. */
public final class ScenarioEnvironments {
    private ScenarioEnvironments() {
    }

    /** Local processes; bucket "tidemark-it". */
    public static ScenarioEnvironment local(String label) {
        return new LocalScenarioEnvironment(label, "tidemark-it");
    }

    /** Containers (needs Docker); bucket "tidemark-it". */
    public static ScenarioEnvironment testcontainers(String label) {
        return new TestcontainersScenarioEnvironment(label, "tidemark-it");
    }
}
