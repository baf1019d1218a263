package io.tidemark.stack.scenario;

import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link ScenarioContract} on Kafka, MongoDB replica set and MinIO containers; skipped without a Docker engine. */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersScenarioTest extends ScenarioContract {
    @Override
    ScenarioEnvironment createEnvironment() {
        return ScenarioEnvironments.testcontainers("scenario");
    }
}
