package dev.rollback.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.Problem;
import dev.rollback.fixtures.Services;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitScriptCheckStepTest {

    private static ServiceDefinition service(ServiceKind kind, Map<String, String> env) {
        return Services.named("svc")
                .kind(kind)
                .configDir("configs/svc")
                .environment(env)
                .build();
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
