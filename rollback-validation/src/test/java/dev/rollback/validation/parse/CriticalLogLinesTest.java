package dev.rollback.validation.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.ServiceKind;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriticalLogLinesTest {

    private static List<Integer> criticalLineNumbers(ServiceKind kind, String log) {
        return CriticalLogLines.forKind(kind).scan(log).lines().stream()
                .map(CriticalLine::number)
                .toList();
    }

    @Test
    void postgresFatalAndPanicButNotLogOrError() {
        String log = String.join(
                "\n",
                "PostgreSQL init process complete; ready for start up.",
                "2026-12-07 19:00:00.123 UTC [1] LOG:  starting PostgreSQL 16.4 on x86_64-pc-linux-musl",
                "2026-12-07 19:00:00.130 UTC [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432",
                "2026-12-07 19:00:00.200 UTC [1] LOG:  database system is ready to accept connections",
                "2026-12-07 19:00:05.001 UTC [42] ERROR:  relation \"users\" does not exist at character 15",
                "2026-12-07 19:00:06.002 UTC [43] FATAL:  password authentication failed for user \"devuser\"",
                "2026-12-07 19:00:06.002 UTC [43] DETAIL:  Connection matched pg_hba.conf line 100",
                "2026-12-07 19:00:07.003 UTC [1] PANIC:  could not locate a valid checkpoint record",
                "2026-12-07 19:00:08.004 UTC [44] LOG:  checkpoint complete: wrote 3 buffers (0.0%)");
        assertThat(criticalLineNumbers(ServiceKind.POSTGRES, log)).containsExactly(6, 8);
    }

    @Test
    void pgbouncerErrors() {
        String log = "2026-12-07 19:00:00.000 UTC [1] LOG kernel file descriptor limit: 1048576\n"
                + "2026-12-07 19:00:01.000 UTC [1] ERROR S: login failed: FATAL: password authentication failed\n"
                + "2026-12-07 19:00:02.000 UTC [1] LOG stats: 0 xacts/s, 0 queries/s\n";
        assertThat(criticalLineNumbers(ServiceKind.PGBOUNCER, log)).containsExactly(2);
    }

    @Test
    void mysqlAndMariaDbErrorsButNotNotesWarningsOrSystem() {
        String log = String.join(
                "\n",
                "2026-12-07T19:00:00.000000Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.40) starting as"
                        + " process 1",
                "2026-12-07T19:00:01.000000Z 0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.",
                "2026-12-07T19:00:02.000000Z 0 [ERROR] [MY-012574] [InnoDB] Unable to lock ./ibdata1 error: 11",
                "2026-12-07T19:00:03.000000Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections.",
                "2026-12-07 19:00:04 0 [Note] InnoDB: Buffer pool(s) load completed at 261207 19:00:04",
                "2026-12-07 19:00:05 0 [Warning] Aborted connection 12 to db: 'devdb' user: 'devuser' (Got an error"
                        + " reading communication packets)",
                "2026-12-07 19:00:06 0 [ERROR] mariadbd: Table './devdb/orders' is marked as crashed");
        assertThat(criticalLineNumbers(ServiceKind.MYSQL, log)).containsExactly(3, 7);
    }

    @Test
    void mongodbStructuredAndLegacyLogs() {
        String log = String.join(
                "\n",
                "{\"t\":{\"$date\":\"2026-12-07T19:00:00.000+00:00\"},\"s\":\"I\",  \"c\":\"NETWORK\",  \"id\":23015,"
                        + " \"ctx\":\"listener\",\"msg\":\"Listening on\",\"attr\":{\"address\":\"0.0.0.0\"}}",
                "{\"t\":{\"$date\":\"2026-12-07T19:00:01.000+00:00\"},\"s\":\"W\",  \"c\":\"CONTROL\",  \"id\":22120,"
                        + " \"ctx\":\"initandlisten\",\"msg\":\"Access control is not enabled for the database\"}",
                "{\"t\":{\"$date\":\"2026-12-07T19:00:02.000+00:00\"},\"s\":\"E\",  \"c\":\"STORAGE\",  \"id\":22435,"
                        + " \"ctx\":\"initandlisten\",\"msg\":\"WiredTiger error message\"}",
                "{\"t\":{\"$date\":\"2026-12-07T19:00:03.000+00:00\"},\"s\":\"F\",  \"c\":\"ASSERT\",   \"id\":23091,"
                        + " \"ctx\":\"initandlisten\",\"msg\":\"Fatal assertion\"}",
                "{\"t\":{\"$date\":\"2026-12-07T19:00:04.000+00:00\"},\"s\":\"I\",  \"c\":\"ACCESS\",   \"id\":20250,"
                        + " \"msg\":\"Authentication succeeded\",\"attr\":{\"user\":\"devuser\",\"s\":\"E\"}}",
                "2019-03-01T10:00:00.000+0000 E  STORAGE  [initandlisten] WiredTiger error (-31802)",
                "2019-03-01T10:00:00.000+0000 I  NETWORK  [initandlisten] waiting for connections on port 27017");
        // line 5 carries "s":"E" inside attr: reported too, the allow-list is the way to excuse such a line
        assertThat(criticalLineNumbers(ServiceKind.MONGODB, log)).containsExactly(3, 4, 5, 6);
    }

    @Test
    void redisWarningNoiseIsNotCriticalButTroubleIs() {
        String log = String.join(
                "\n",
                "1:C 07 Dec 2026 19:00:00.000 # WARNING Memory overcommit must be enabled! Without it, a background"
                        + " save or replication may fail under low memory condition.",
                "1:C 07 Dec 2026 19:00:00.001 # Warning: no config file specified, using the default config.",
                "1:M 07 Dec 2026 19:00:00.002 * Ready to accept connections tcp",
                "1:M 07 Dec 2026 19:00:01.000 # Cluster state changed: ok",
                "1:M 07 Dec 2026 19:00:02.000 # Background saving error",
                "1:M 07 Dec 2026 19:00:03.000 # Failed opening the temp RDB file temp-1.rdb (in server root dir /data)"
                        + " for saving: Permission denied",
                "1:M 07 Dec 2026 19:00:04.000 * Cluster state changed: fail",
                "1:M 07 Dec 2026 19:00:05.000 - Accepted 172.18.0.5:41234",
                "1:M 07 Dec 2026 19:00:06.000 # Can't handle RDB format version 12");
        assertThat(criticalLineNumbers(ServiceKind.REDIS, log)).containsExactly(5, 6, 7, 9);
    }

    @Test
    void rabbitmqErrorsButNotInfoOrWarning() {
        String log = String.join(
                "\n",
                "2026-12-07 19:00:00.000000+00:00 [info] <0.230.0> Starting RabbitMQ 3.13.7 on Erlang 26.2.5",
                "2026-12-07 19:00:01.000000+00:00 [warning] <0.230.0> Deprecated features: `transient_nonexcl_queues`",
                "2026-12-07 19:00:02.000000+00:00 [error] <0.756.0> Error on AMQP connection <0.756.0>: access to"
                        + " vhost 'dev' refused for user 'devuser'",
                "2026-12-07 19:00:03.000000+00:00 [notice] <0.86.0>     alarm_handler: {set,{system_memory_high}}",
                "=ERROR REPORT==== 7-Dec-2026::19:00:04 ===",
                "2026-12-07 19:00:05.000000+00:00 [critical] <0.300.0> Failed to start Ranch listener");
        assertThat(criticalLineNumbers(ServiceKind.RABBITMQ, log)).containsExactly(3, 5, 6);
    }

    @Test
    void vaultErrorsAndFailedCoreLines() {
        String log = String.join(
                "\n",
                "==> Vault server configuration:",
                "2026-12-07T19:00:00.000Z [INFO]  proxy environment: http_proxy=\"\" https_proxy=\"\" no_proxy=\"\"",
                "2026-12-07T19:00:00.100Z [WARN]  no `api_addr` value specified in config or in VAULT_API_ADDR",
                "2026-12-07T19:00:01.000Z [INFO]  core: vault is unsealed",
                "2026-12-07T19:00:01.500Z [INFO]  core: post-unseal setup complete",
                "2026-12-07T19:00:02.000Z [ERROR] core: barrier reports initialized but no seal configuration found",
                "2026-12-07T19:00:03.000Z [WARN]  core: failed to acquire lock: error=\"context canceled\"",
                "2026-12-07T19:00:04.000Z [INFO]  core.cluster-listener: serving cluster requests");
        assertThat(criticalLineNumbers(ServiceKind.VAULT, log)).containsExactly(6, 7);
    }

    @Test
    void forgejoErrorAndFatalLevels() {
        String log = "2026/12/07 19:00:00 cmd/web.go:242:runWeb() [I] Starting Forgejo on PID: 17\n"
                + "2026/12/07 19:00:01 routers/init.go:84:InitWebInstalled() [W] Mailer is disabled\n"
                + "2026/12/07 19:00:02 models/db/engine.go:125:InitEngineWithMigration() [E] ORM engine init failed\n"
                + "2026/12/07 19:00:03 cmd/web.go:300:serveInstalled() [F] Failed to initialize ORM engine\n";
        assertThat(criticalLineNumbers(ServiceKind.FORGEJO, log)).containsExactly(3, 4);
    }

    @Test
    void apiServicesOfEveryLanguage() {
        String log = String.join(
                "\n",
                "INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)",
                "INFO:     172.18.0.1:53242 - \"GET /health HTTP/1.1\" 200 OK",
                "INFO:     172.18.0.1:53243 - \"GET /errors/ERRORS HTTP/1.1\" 404 Not Found",
                "ERROR:    Exception in ASGI application",
                "Traceback (most recent call last):",
                "2026-12-07T19:00:00.000Z  INFO rust_api: listening on 0.0.0.0:8004",
                "2026-12-07T19:00:01.000Z ERROR rust_api::db: pool timed out while waiting for an open connection",
                "{\"level\":30,\"time\":1765134000000,\"msg\":\"request completed\"}",
                "{\"level\":50,\"time\":1765134001000,\"msg\":\"redis connection refused\"}",
                "time=2026-12-07T19:00:02Z level=info msg=\"GET /health\"",
                "time=2026-12-07T19:00:03Z level=error msg=\"vault: permission denied\"",
                "panic: runtime error: invalid memory address or nil pointer dereference");
        assertThat(criticalLineNumbers(ServiceKind.HTTP_API, log)).containsExactly(4, 5, 7, 9, 11, 12);
    }

    @Test
    void observabilityAndOtherUseLevelsAndTheGenericWords() {
        String prometheus = "ts=2026-12-07T19:00:00Z caller=main.go:1 level=info msg=\"Server is ready\"\n"
                + "ts=2026-12-07T19:00:01Z caller=scrape.go:1 level=error msg=\"scrape failed\"\n"
                + "ts=2026-12-07T19:00:02Z caller=main.go:1 level=warn msg=\"Error on ingesting samples\"\n";
        assertThat(criticalLineNumbers(ServiceKind.OBSERVABILITY, prometheus)).containsExactly(2);
        assertThat(criticalLineNumbers(
                        ServiceKind.OTHER, "starting\nFATAL: cannot bind\nerror: lowercase\nPANIC now\n"))
                .containsExactly(2, 4);
        assertThat(criticalLineNumbers(ServiceKind.OTHER, "the fatalist philosopher\nnon-FATALISTIC\n"))
                .isEmpty();
    }

    @Test
    void theAllowListExcusesKnownNoise() {
        String log = "2026-12-07 19:00:00.000 UTC [50] FATAL:  the database system is starting up\n"
                + "2026-12-07 19:00:06.002 UTC [43] FATAL:  password authentication failed for user \"devuser\"\n";
        LogScan all = CriticalLogLines.forKind(ServiceKind.POSTGRES).scan(log);
        assertThat(all.found()).isEqualTo(2);
        LogScan excused = CriticalLogLines.forKind(ServiceKind.POSTGRES)
                .allowing(List.of("the database system is (starting up|shutting down)"))
                .scan(log);
        assertThat(excused.lines()).extracting(CriticalLine::number).containsExactly(2);
        assertThat(excused.clean()).isFalse();
        assertThat(CriticalLogLines.forKind(ServiceKind.POSTGRES)
                        .allowing(List.of("starting up"))
                        .allowing(List.of("user \"devuser\""))
                        .scan(log)
                        .clean())
                .isTrue();
    }

    @Test
    void anInvalidAllowListEntryIsRefusedWithItsText() {
        assertThatThrownBy(() -> CriticalLogLines.forKind(ServiceKind.VAULT).allowing(List.of("core: (unclosed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allow-list")
                .hasMessageContaining("core: (unclosed");
    }

    @Test
    void theCapKeepsTheFirstLinesAndCountsAll() {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            log.append("2026-12-07T19:00:00Z [ERROR] core: error ").append(i).append('\n');
        }
        LogScan scan = CriticalLogLines.forKind(ServiceKind.VAULT).keeping(3).scan(log.toString());
        assertThat(scan.found()).isEqualTo(200);
        assertThat(scan.lines()).extracting(CriticalLine::number).containsExactly(1, 2, 3);
        assertThat(scan.truncated()).isTrue();
        assertThat(CriticalLogLines.forKind(ServiceKind.VAULT)
                        .scan(log.toString())
                        .lines())
                .hasSize(CriticalLogLines.DEFAULT_KEEP);
        assertThat(CriticalLogLines.forKind(ServiceKind.VAULT)
                        .keeping(0)
                        .scan(log.toString())
                        .found())
                .isEqualTo(200);
        assertThatThrownBy(() -> CriticalLogLines.forKind(ServiceKind.VAULT).keeping(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void crlfAndBareCrEndLinesAndNumbersStayRight() {
        String log = "LOG:  one\r\nLOG:  two\r\nFATAL:  three\rLOG:  four\nPANIC:  five";
        LogScan scan = CriticalLogLines.forKind(ServiceKind.POSTGRES).scan(log);
        assertThat(scan.lines()).extracting(CriticalLine::number).containsExactly(3, 5);
        assertThat(scan.lines().get(0).text()).isEqualTo("FATAL:  three");
        assertThat(scan.linesRead()).isEqualTo(5);
    }

    @Test
    void hugeLinesAreMatchedWholeAndCutInTheResult() {
        String huge = "2026-12-07 19:00:00 UTC [1] LOG:  " + "x".repeat(1_000_000) + " FATAL: at the very end";
        String redisHuge = "1:M 07 Dec 2026 19:00:00.000 # " + "a # b ".repeat(200_000) + "nothing wrong";
        LogScan scan = CriticalLogLines.forKind(ServiceKind.POSTGRES).scan(new StringReader(huge + "\n"));
        assertThat(scan.found()).isEqualTo(1);
        assertThat(scan.lines().get(0).text())
                .hasSize(CriticalLogLines.MAX_LINE_CHARS + 1)
                .endsWith("…");
        assertThat(CriticalLogLines.forKind(ServiceKind.REDIS).scan(redisHuge).clean())
                .isTrue();
    }

    @Test
    void colouredLinesAndEmptyLogs() {
        String coloured = "\u001B[31m2026-12-07T19:00:02.000Z [ERROR] core: seal failed\u001B[0m";
        LogScan scan = CriticalLogLines.forKind(ServiceKind.VAULT).scan(coloured);
        assertThat(scan.lines())
                .extracting(CriticalLine::text)
                .containsExactly("2026-12-07T19:00:02.000Z [ERROR] core: seal failed");
        assertThat(CriticalLogLines.forKind(ServiceKind.VAULT).scan("").clean()).isTrue();
        assertThat(CriticalLogLines.forKind(ServiceKind.VAULT)
                        .scan((String) null)
                        .linesRead())
                .isZero();
        assertThatThrownBy(() -> CriticalLogLines.forKind(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyKindHasPatterns() {
        for (ServiceKind kind : ServiceKind.values()) {
            assertThat(EngineLogPatterns.forKind(kind)).contains(EngineLogPatterns.GENERIC);
            assertThat(CriticalLogLines.forKind(kind).scan("all quiet\n").clean())
                    .isTrue();
        }
    }
}
