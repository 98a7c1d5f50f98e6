package dev.rollback.databases.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestoreResultTest {
    @Test
    void warningsAreCopiedAndAbsentWithTheShortConstructor() {
        List<String> w = new ArrayList<>(List.of("kept x"));
        RestoreResult r = new RestoreResult("s", 1, Optional.empty(), List.of(), Duration.ZERO, w);
        w.add("later");

        assertThat(r.warnings()).containsExactly("kept x");
        assertThat(new RestoreResult("s", 1, Optional.empty(), List.of(), Duration.ZERO).warnings())
                .isEmpty();
    }

    @Test
    void namesAreCutToTheGivenCount() {
        assertThat(RestoreResult.names("kept", List.of("a", "b", "c"), 2)).isEqualTo("kept: a, b and 1 more");
        assertThat(RestoreResult.names("kept", List.of("a"), 2)).isEqualTo("kept: a");
    }
}
