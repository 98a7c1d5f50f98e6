package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.Environment;
import dev.rollback.validation.devstack.SandboxData;
import dev.rollback.validation.junit.EnvironmentSnapshot;
import dev.rollback.validation.junit.RollbackExtension;
import dev.rollback.validation.report.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JUnit extension on the e2e environment (real containers): every test changes PostgreSQL, MariaDB and the Redis
 * cluster, and every test, whatever ran before it, sees the snapshot's data.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackExtensionE2EIT {
    static final DevStackE2E E = start();

    /**
     * Registered first, so its after-all runs last: after the extension has put the data back and let go. Nested
     * classes inherit it: only the outer class's end removes the environment.
     */
    @RegisterExtension
    @Order(1)
    static final AfterAllCallback REMOVE = context -> {
        if (context.getRequiredTestClass() == RollbackExtensionE2EIT.class) {
            E.close();
        }
    };

    @RegisterExtension
    @Order(2)
    static final RollbackExtension ENV = RollbackExtension.forProject(E.sandbox.home())
            .services("postgres", "mysql", "redis-1")
            .resetAfterEach();

    private static DevStackE2E start() {
        try {
            return DevStackE2E.start(Files.createTempDirectory("rollback-junit-e2e-"), "main");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data as seeded: what every test must see first. */
    private static void seesTheSnapshot() {
        assertThat(E.data.postgresOrders()).isEqualTo(SandboxData.ROWS);
        assertThat(E.data.psql("SELECT to_regclass('public.scratch') IS NULL").strip())
                .isEqualTo("t");
        assertThat(E.data.mysql("SELECT COUNT(*), MAX(id) FROM customers").strip())
                .isEqualTo("900\t900");
        assertThat(E.data.redisGet("session:42")).isEqualTo("user-42");
        assertThat(E.data.redisGet("written:by-a-test")).isEmpty();
    }

    @Test
    @Order(1)
    void aTestChangesEveryDatabase() {
        seesTheSnapshot();
        E.data.psql("DELETE FROM orders WHERE id > 10; CREATE TABLE scratch (x int); INSERT INTO scratch VALUES (1)");
        E.data.mysql("DELETE FROM customers WHERE id > 100; INSERT INTO customers VALUES (5000, 'test', NULL)");
        E.data.redis("DEL session:42\nSET written:by-a-test 1\n");
        assertThat(E.data.postgresOrders()).isEqualTo(10);
    }

    @Test
    @Order(2)
    void theNextTestSeesTheSnapshotAndChangesItOtherwise() {
        seesTheSnapshot();
        E.data.psql("DROP TABLE orders");
        E.data.mysql("TRUNCATE TABLE customers");
        E.data.redis("SET session:42 changed\nSET written:by-a-test 2\n");
    }

    @Test
    @Order(3)
    void testsTakeTheEnvironmentTheSnapshotAndTheCheckAsParameters(
            Environment env, EnvironmentSnapshot snapshot, ValidationReport ready) {
        seesTheSnapshot();
        assertThat(env.projectDir()).isEqualTo(E.sandbox.home());
        assertThat(snapshot.services()).containsExactly("postgres", "mysql", "redis-1");
        assertThat(ready.passed()).isTrue();
        assertThat(ready.outcomes()).extracting(o -> o.id()).contains("services.running", "services.healthy");

        // a test may reset in its middle too
        E.data.psql("UPDATE orders SET total = 0");
        E.data.mysql("INSERT INTO customers VALUES (901, 'next', NULL)");
        Duration took = snapshot.reset();
        seesTheSnapshot();
        // the next insert gets the id it would have got at the snapshot
        E.data.mysql("INSERT INTO customers (id, name) VALUES (901, 'again')");
        System.out.println("[e2e] snapshot took " + snapshot.took().toMillis() + " ms; a reset of postgres, mysql and"
                + " the redis cluster " + took.toMillis() + " ms");
    }

    @Test
    @Order(4)
    void theLastTestSeesTheSnapshotToo() {
        seesTheSnapshot();
    }

    /** A nested class shares the outer class's environment, snapshot and resets. */
    @Nested
    class InANestedClass {
        @Test
        void seesTheSnapshotAndIsResetToo(EnvironmentSnapshot snapshot) {
            seesTheSnapshot();
            assertThat(snapshot.services()).containsExactly("postgres", "mysql", "redis-1");
            E.data.psql("DELETE FROM orders");
            E.data.redis("SET written:by-a-test 3\n");
        }

        @Test
        void andTheNextOneSeesTheSnapshot() {
            seesTheSnapshot();
        }
    }
}
