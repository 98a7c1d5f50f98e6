package dev.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.UsageException;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.Step;
import dev.rollback.spi.Connections;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A builder plans once, like a JGit command; the connections given to it are its caller's to close. */
class SingleUseBuilderTest {
    @TempDir
    Path tmp;

    ProjectFixture p;

    @BeforeEach
    void project() {
        p = ProjectFixture.create(tmp);
    }

    @Test
    void aSecondPlanIsRefusedNamingTheBuilder() {
        ConfigRollback config = Rollback.in(p.environment()).config().set("MYSQL_ENABLE_TLS", "false");
        config.plan().close();

        assertThatThrownBy(config::plan)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ConfigRollback was already planned", "plans once");
    }

    @Test
    void executeAfterPlanIsASecondUse() {
        ServiceRollback service = Rollback.in(p.environment()).service("mysql").restartingServices();
        service.plan().close();

        assertThatThrownBy(service::execute)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ServiceRollback was already planned");
    }

    @Test
    void aPlanThatFailsStillUsesTheBuilder() {
        ServiceRollback nothing = Rollback.in(p.environment()).service("mysql");
        assertThatThrownBy(nothing::plan).isInstanceOf(UsageException.class);

        assertThatThrownBy(nothing::plan).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void connectionsGivenStayOpenForTheNextOperation() {
        try (Connections shared = Connections.to(p.environment())) {
            RollbackPlan first = Rollback.in(p.environment())
                    .phase("phase-0")
                    .fromCommit(p.baseline().shortId())
                    .withConnections(shared)
                    .plan();
            first.close();
            RollbackPlan second = Rollback.in(p.environment())
                    .security()
                    .useAppRole()
                    .services("postgres")
                    .withConnections(shared)
                    .plan();
            second.close();

            assertThat(shared.engine()).isEmpty(); // still open: asking is not refused
        }
    }

    @Test
    void aPlanClosesWhatItsBuilderOpenedForIt() {
        Connections own = Connections.to(p.environment());
        RollbackPlan plan = Rollback.in(p.environment())
                .config()
                .set("MYSQL_ENABLE_TLS", "false")
                .plan()
                .closing(own);

        plan.close();

        assertThatThrownBy(own::engine)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    @SuppressWarnings("deprecation")
    void theOlderVerbsPlanWhatTheParticiplesPlan() {
        try (RollbackPlan old = Rollback.in(p.environment())
                        .service("mysql")
                        .revertingInit()
                        .disablingTls()
                        .restartingServices()
                        .fromCommit(p.baseline().shortId())
                        .plan();
                RollbackPlan now = Rollback.in(p.environment())
                        .service("mysql")
                        .revertingInit()
                        .disablingTls()
                        .restartingServices()
                        .fromCommit(p.baseline().shortId())
                        .plan()) {
            assertThat(old.steps())
                    .extracting(Step::name)
                    .isEqualTo(now.steps().stream().map(Step::name).toList())
                    .contains("stop", "revert-init");
        }
    }

    @Test
    void connectionsOfAnotherEnvironmentAreRefused(@TempDir Path other) {
        ProjectFixture elsewhere = ProjectFixture.create(other);
        try (Connections theirs = Connections.to(elsewhere.environment())) {
            assertThatThrownBy(() -> Rollback.in(p.environment()).config().withConnections(theirs))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not of " + p.home());
        }
    }
}
