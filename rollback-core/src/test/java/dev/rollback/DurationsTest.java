package dev.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.UsageException;
import dev.rollback.io.Durations;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "60s,60000",
        "2m,120000",
        "1m30s,90000",
        "500ms,500",
        "1.5s,1500",
        "PT60S,60000",
        "pt2m,120000",
        "90,90000",
        "1h,3600000"
    })
    void parseAcceptsHumanIsoAndBareSeconds(String text, long millis) {
        Duration d = Durations.parse(text);

        assertThat(d.toMillis()).isEqualTo(millis);
    }

    @ParameterizedTest
    @CsvSource({"abc", "60x", "s", "1m 30s", "P1X", "-5s"})
    void parseRejectsWhatIsNoDurationNamingTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'" + text + "' is not a duration");
    }

    @Test
    void parseRejectsEmptyText() {
        assertThatThrownBy(() -> Durations.parse(" "))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("empty duration");
    }

    @ParameterizedTest
    @CsvSource({"99999999999d", "99999999999999999999", "106752d", "9999999999999999h"})
    void parseRefusesWhatNoDurationHoldsInsteadOfClampingIt(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'" + text + "' is too long");
    }

    @Test
    void parseWaitTakesMoreThanZeroUpToADay() {
        assertThat(Durations.parseWait("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parseWait("1ms")).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> Durations.parseWait("24h1s"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'24h1s' is more than 24 hours");
        assertThatThrownBy(() -> Durations.parseWait("0s"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'0s' is not more than zero");
    }

    @Test
    void requirePositiveRefusesZeroAndMoreThanADay() {
        assertThat(Durations.requirePositive(Duration.ofHours(24), "awaitHealthy"))
                .isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> Durations.requirePositive(Duration.ofDays(400), "awaitHealthy"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("awaitHealthy")
                .hasMessageContaining("24 hours");
        assertThatThrownBy(() -> Durations.requirePositive(Duration.ZERO, "awaitHealthy"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("awaitHealthy");
    }

    @Test
    void formatIsShortAndHuman() {
        assertThat(Durations.format(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(Durations.format(Duration.ofMillis(1034))).isEqualTo("1.03s");
        assertThat(Durations.format(Duration.ofMillis(6200))).isEqualTo("6.20s");
        assertThat(Durations.format(Duration.ofMillis(12_340))).isEqualTo("12.3s");
        assertThat(Durations.format(Duration.ofSeconds(125))).isEqualTo("2m05s");
    }
}
