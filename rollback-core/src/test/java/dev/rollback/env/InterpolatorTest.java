package dev.rollback.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpolatorTest {
    private static final Interpolator VARS = new Interpolator(Map.of("SET", "value", "EMPTY", "", "USER", "dev_admin"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            emptyValue = "",
            value = {
                "plain text | plain text",
                "${SET} | value",
                "$SET/x | value/x",
                "${UNSET} | ''",
                "$UNSET | ''",
                "${SET:-d} | value",
                "${EMPTY:-d} | d",
                "${UNSET:-d} | d",
                "${SET-d} | value",
                "${EMPTY-d} | ''",
                "${UNSET-d} | d",
                "${SET:+alt} | alt",
                "${EMPTY:+alt} | ''",
                "${UNSET:+alt} | ''",
                "${SET+alt} | alt",
                "${EMPTY+alt} | alt",
                "${UNSET+alt} | ''",
                "$$SET | $SET",
                "$${SET} | ${SET}",
                "cost: $$5 | cost: $5",
                "${UNSET:-${SET}} | value",
                "${UNSET:-${ALSO_UNSET:-deep}} | deep",
                "${UNSET:-a ${SET} b} | a value b",
                "pg_isready -U ${POSTGRES_USER:-${USER}} | pg_isready -U dev_admin",
                "${UNSET:-x}${SET}$SET | xvaluevalue",
                "${UNSET:-{braces}} | {braces}",
            })
    void interpolatesLikeCompose(String template, String expected) {
        String actual = VARS.interpolate(template);

        assertThat(actual).isEqualTo(expected.equals("''") ? "" : expected);
    }

    @Test
    void requiredVariableWithoutValueFailsWithItsMessage() {
        assertThatThrownBy(() -> VARS.interpolate("${DB_PASSWORD:?set DB_PASSWORD in .env}"))
                .isInstanceOf(Interpolator.InterpolationException.class)
                .hasMessage("required variable DB_PASSWORD is missing a value: set DB_PASSWORD in .env");
    }

    @Test
    void colonQuestionMarkRejectsEmptyButPlainQuestionMarkAcceptsIt() {
        assertThatThrownBy(() -> VARS.interpolate("${EMPTY:?must not be empty}"))
                .hasMessageContaining("required variable EMPTY");

        String value = VARS.interpolate("${EMPTY?only unset fails}");

        assertThat(value).isEmpty();
    }

    @Test
    void requiredVariableThatIsSetGivesItsValue() {
        String value = VARS.interpolate("${SET:?never shown}");

        assertThat(value).isEqualTo("value");
    }

    @Test
    void requiredCheckInAnUnusedDefaultIsNotEvaluated() {
        String value = VARS.interpolate("${SET:-${UNSET:?not needed}}");

        assertThat(value).isEqualTo("value");
    }

    @Test
    void malformedTemplatesAreRejected() {
        assertThatThrownBy(() -> VARS.interpolate("${SET")).hasMessageContaining("without a closing '}'");
        assertThatThrownBy(() -> VARS.interpolate("${}")).hasMessageContaining("names no variable");
        assertThatThrownBy(() -> VARS.interpolate("${SET!x}")).hasMessageContaining("invalid interpolation format");
        assertThatThrownBy(() -> VARS.interpolate("price $5")).hasMessageContaining("write $$ for a literal $");
        assertThatThrownBy(() -> VARS.interpolate("end $")).hasMessageContaining("lone '$'");
    }
}
