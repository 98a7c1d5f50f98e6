package dev.rollback.validation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.testing.ComponentUnreachableError;
import org.junit.jupiter.api.Test;

class ChromiumConditionTest {

    @Test
    void installedChromiumEnablesTheTest() {
        assertThat(ChromiumCondition.evaluate(true, true).isDisabled()).isFalse();
        assertThat(ChromiumCondition.evaluate(true, false).isDisabled()).isFalse();
    }

    @Test
    void missingChromiumSkipsOutsideCiWithTheWayToInstallIt() {
        var result = ChromiumCondition.evaluate(false, false);
        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason())
                .hasValue("chromium is required but not installed; run scripts/setup-test-env.sh");
    }

    @Test
    void missingChromiumFailsInCi() {
        assertThatThrownBy(() -> ChromiumCondition.evaluate(false, true))
                .isInstanceOf(ComponentUnreachableError.class)
                .hasMessageContaining("run scripts/setup-test-env.sh");
    }
}
