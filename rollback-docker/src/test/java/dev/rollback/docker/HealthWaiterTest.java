package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.fixtures.Services;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthWaiterTest {

    private static ServiceDefinition service(ServiceKind kind) {
        return Services.named("svc")
                .container("p-svc-1")
                .kind(kind)
                .expectedStartup(kind.expectedStartup())
                .build();
    }

    @Test
    void mysqlTimeoutBelowSixtySecondsIsCalledOut() {
        assertThat(HealthWaiter.slowStarter(service(ServiceKind.MYSQL), Duration.ofSeconds(30)))
                .contains("MySQL takes 50-60 s", "raise the timeout");
        assertThat(HealthWaiter.slowStarter(service(ServiceKind.MYSQL), Duration.ofSeconds(90)))
                .isEmpty();
    }

    @Test
    void otherKindsGetAHintOnlyBelowTheirUsualStartup() {
        assertThat(HealthWaiter.slowStarter(service(ServiceKind.RABBITMQ), Duration.ofSeconds(5)))
                .contains("RABBITMQ usually takes 15 s");
        assertThat(HealthWaiter.slowStarter(service(ServiceKind.REDIS), Duration.ofSeconds(5)))
                .isEmpty();
    }
}
