package dev.rollback.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

class ComponentConditionTest {

    private static final Function<Component, Reachability> ALL_UP = c -> Reachability.up("here");
    private static final Function<Component, Reachability> REDIS_DOWN = c ->
            c == Component.REDIS ? Reachability.down("127.0.0.1:6379", "Connection refused") : Reachability.up("here");

    @Test
    void enablesWhenEveryComponentAnswers() {
        ConditionEvaluationResult result =
                new ComponentCondition(ALL_UP, true).evaluate(List.of(Component.POSTGRES, Component.REDIS));

        assertThat(result.isDisabled()).isFalse();
    }

    @Test
    void skipsWithHowToMessageWhenComponentMissingOutsideCi() {
        ConditionEvaluationResult result =
                new ComponentCondition(REDIS_DOWN, false).evaluate(List.of(Component.POSTGRES, Component.REDIS));

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason())
                .hasValue(
                        "REDIS is required but not reachable at 127.0.0.1:6379; run scripts/setup-test-env.sh (Connection refused)");
    }

    @Test
    void failsWithHowToMessageWhenComponentMissingInCi() {
        ComponentCondition condition = new ComponentCondition(REDIS_DOWN, true);

        assertThatThrownBy(() -> condition.evaluate(List.of(Component.REDIS)))
                .isInstanceOf(ComponentUnreachableError.class)
                .hasMessageStartingWith(
                        "REDIS is required but not reachable at 127.0.0.1:6379; run scripts/setup-test-env.sh");
    }

    @Test
    void namesEveryMissingComponent() {
        ComponentCondition condition = new ComponentCondition(c -> Reachability.down(c.tag() + ":1", ""), false);

        ConditionEvaluationResult result = condition.evaluate(List.of(Component.MYSQL, Component.RABBITMQ));

        assertThat(result.getReason().orElseThrow()).contains("MYSQL is required", "RABBITMQ is required");
    }

    @Test
    void probesNothingWhenNoComponentIsRequired() {
        List<Component> probed = new ArrayList<>();
        ComponentCondition condition = new ComponentCondition(
                c -> {
                    probed.add(c);
                    return Reachability.up("x");
                },
                true);

        assertThat(condition.evaluate(List.of()).isDisabled()).isFalse();
        assertThat(probed).isEmpty();
    }

    @Test
    void requiresComponentsWhenCiIsTrueOrPropertySet() {
        assertThat(ComponentCondition.componentsRequired("true", null)).isTrue();
        assertThat(ComponentCondition.componentsRequired("TRUE", null)).isTrue();
        assertThat(ComponentCondition.componentsRequired(null, "true")).isTrue();
        assertThat(ComponentCondition.componentsRequired("false", "false")).isFalse();
        assertThat(ComponentCondition.componentsRequired(null, null)).isFalse();
    }

    @RequiresPostgres
    @RequiresDocker
    static class TwoComposed {
        @RequiresComponent({Component.REDIS, Component.RABBITMQ})
        void method() {}

        @RequiresMongodb
        static class Inner {}
    }

    @Test
    void readsComponentsFromComposedAndDirectAnnotations() throws Exception {
        assertThat(ComponentCondition.requiredComponents(TwoComposed.class))
                .containsExactlyInAnyOrder(Component.POSTGRES, Component.DOCKER);
        assertThat(ComponentCondition.requiredComponents(TwoComposed.class.getDeclaredMethod("method")))
                .containsExactlyInAnyOrder(Component.REDIS, Component.RABBITMQ);
    }

    @Test
    void nestedClassInheritsItsEnclosingClassRequirements() {
        assertThat(ComponentCondition.requiredComponents(TwoComposed.Inner.class))
                .containsExactlyInAnyOrder(Component.POSTGRES, Component.DOCKER, Component.MONGODB);
    }

    @Test
    void tagsAreLowerCaseComponentNames() {
        assertThat(Component.RABBITMQ.tag()).isEqualTo("rabbitmq");
        assertThat(RequiresMysql.class.getAnnotation(Tag.class).value()).isEqualTo(Component.MYSQL.tag());
    }
}
