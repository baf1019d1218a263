package io.tidemark.stack.scenario;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ScenarioContract} on local processes (runs everywhere). */
class LocalScenarioTest extends ScenarioContract {
    @Override
    ScenarioEnvironment createEnvironment() {
        ScenarioEnvironment e = ScenarioEnvironments.local("scenario");
        assertThat(e.kind()).isEqualTo("local");
        return e;
    }
}
