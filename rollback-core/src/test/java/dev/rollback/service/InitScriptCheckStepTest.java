package dev.rollback.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InitScriptCheckStepTest {

    private static ServiceDefinition service(ServiceKind kind, Map<String, String> env) {
        return new ServiceDefinition(
                "svc",
                "dev-svc",
                Optional.empty(),
                kind,
                List.of(),
                List.of(),
                List.of(),
                Optional.empty(),
                List.of(),
                Optional.of("configs/svc"),
                List.of(),
                Optional.empty(),
                Duration.ofSeconds(1),
                env,
                List.of(),
                List.of(),
                List.of());
    }

    @Test
    void wrapperPassingTheArgumentsOnIsFine() {
        List<Problem> p = InitScriptCheckStep.problems(
                service(ServiceKind.POSTGRES, Map.of()), "init.sh", "#!/bin/sh\nexec docker-entrypoint.sh \"$@\"\n");

        assertThat(p).isEmpty();
    }

    @Test
    void wrapperExecingAFixedCommandIsWarnedAbout() {
        List<Problem> p = InitScriptCheckStep.problems(
                service(ServiceKind.POSTGRES, Map.of()),
                "init.sh",
                "#!/bin/sh\n  exec docker-entrypoint.sh postgres\n");

        assertThat(p).singleElement().satisfies(x -> {
            assertThat(x.blocking()).isFalse();
            assertThat(x.found()).contains("exec docker-entrypoint.sh postgres");
            assertThat(x.advice()).contains("\"$@\"");
        });
    }

    @Test
    void mongodbNeedsBothInitdbVariablesFromScriptOrCompose() {
        ServiceDefinition fromCompose = service(ServiceKind.MONGODB, Map.of("MONGO_INITDB_ROOT_USERNAME", "u"));

        List<Problem> p = InitScriptCheckStep.problems(
                fromCompose,
                "init.sh",
                "export MONGO_INITDB_ROOT_PASSWORD=$(cat p)\nexec docker-entrypoint.sh \"$@\"\n");
        List<Problem> missing = InitScriptCheckStep.problems(
                service(ServiceKind.MONGODB, Map.of()),
                "init.sh",
                "export MONGO_INITDB_ROOT_PASSWORD=$(cat p)\nexec docker-entrypoint.sh \"$@\"\n");

        assertThat(p).isEmpty();
        assertThat(missing).singleElement().satisfies(x -> {
            assertThat(x.blocking()).isTrue();
            assertThat(x.found()).contains("MONGO_INITDB_ROOT_USERNAME");
        });
    }
}
