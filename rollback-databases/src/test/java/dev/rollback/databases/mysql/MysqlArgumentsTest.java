package dev.rollback.databases.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.env.ServiceKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MysqlArgumentsTest {
    private final DatabaseTarget target = DatabaseTarget.custom("mysql", ServiceKind.MYSQL)
            .host("127.0.0.1")
            .port(3306)
            .user("root")
            .password("secret-pw")
            .build();

    @Test
    void mariadbDumpsWholeServerWithoutGtidOptionAndNoPasswordInArguments() {
        List<String> args = MysqlAdapter.dumpArguments(target, true, List.of());

        assertThat(args)
                .contains("--all-databases", "--single-transaction", "--routines", "--triggers", "--events")
                .noneMatch(a -> a.startsWith("--set-gtid-purged"))
                .noneMatch(a -> a.contains("secret-pw"));
    }

    @Test
    void mysql8GetsGtidPurgedOffUnlessTheTargetSaysOtherwise() {
        assertThat(MysqlAdapter.dumpArguments(target, false, List.of("app")))
                .contains("--set-gtid-purged=OFF")
                .endsWith("--databases", "app");
        DatabaseTarget auto = DatabaseTarget.custom("mysql", ServiceKind.MYSQL)
                .host("127.0.0.1")
                .port(3306)
                .user("root")
                .options(Map.of("gtidPurged", "AUTO"))
                .build();
        assertThat(MysqlAdapter.dumpArguments(auto, false, List.of())).contains("--set-gtid-purged=AUTO");
    }
}
