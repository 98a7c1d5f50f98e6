package dev.rollback.databases.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.databases.DatabaseAdapterContract;
import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.databases.spi.DumpResult;
import dev.rollback.databases.spi.Fingerprint;
import dev.rollback.databases.spi.RestoreOptions;
import dev.rollback.databases.spi.RestoreResult;
import dev.rollback.databases.support.ScratchContainer;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.DumpSource;
import dev.rollback.spi.PropertiesSecretStore;
import dev.rollback.testing.RequiresDocker;
import dev.rollback.testing.RequiresPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole-cluster dump and restore run against a throwaway local/postgres:15 container, never the host's shared
 * server: a pg_dumpall restore drops and recreates every database and role it holds, which would clobber other
 * people's data on a shared cluster. The shared tests are in {@link DatabaseAdapterContract}.
 */
@RequiresPostgres
@RequiresDocker
class PostgresAdapterIT extends DatabaseAdapterContract {
    private static final String PASSWORD = "it-" + UUID.randomUUID();
    private static ScratchContainer container;
    private static DatabaseTarget target;

    PostgresAdapterIT() {
        super(ServiceKind.POSTGRES, ".sql");
    }

    @BeforeAll
    static void startCluster() throws Exception {
        container = ScratchContainer.start("local/postgres:15", 5432, Map.of("POSTGRES_PASSWORD", PASSWORD));
        var store =
                PropertiesSecretStore.of(Map.of("secret/postgres", Map.of("user", "postgres", "password", PASSWORD)));
        target = DatabaseTarget.custom("postgres", ServiceKind.POSTGRES)
                .host("127.0.0.1")
                .port(container.port())
                .credentialsFrom(store)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        container.await(
                () -> {
                    try {
                        new PostgresAdapter().health(target);
                        return true;
                    } catch (RollbackException e) {
                        return false;
                    }
                },
                Duration.ofSeconds(60));
    }

    @AfterAll
    static void removeCluster() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    @Override
    protected DatabaseTarget target() {
        return target;
    }

    /** Roles, and two databases with every column type, large values and a hundred thousand rows. */
    @Override
    protected void seed() throws Exception {
        seed("rb_app", "rb_shop");
    }

    @Override
    protected void damage() throws Exception {
        sql("postgres", "DROP DATABASE rb_shop WITH (FORCE)", "CREATE DATABASE rb_extra", "DROP ROLE rb_solo");
        sql("rb_app", "DELETE FROM big WHERE id % 7 = 0", "INSERT INTO kinds (label) VALUES ('intruder')");
    }

    /** The whole cluster came back: roles, databases, the hundred thousand rows; the extra database was dropped. */
    @Override
    protected void afterRoundTrip(Fingerprint before, Path dump, DumpResult dumped, RestoreResult r) throws Exception {
        assertThat(before.parts()).containsKey("rb_app.public.big");
        assertThat(before.parts().get("rb_app.public.big").count()).isEqualTo(100_000);
        assertThat(r.dropped()).containsExactly("rb_extra");
        assertThat(r.safetyDump()).isPresent();
        assertThat(Files.readString(r.safetyDump().get())).contains("rb_extra");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(r.safetyDump().get())))
                .isEqualTo("rw-------");
    }

    @Override
    protected void changeAfterDump() throws Exception {
        sql("rb_app", "INSERT INTO kinds (label) VALUES ('written after the dump')");
    }

    @Override
    protected List<String> loginRefusedMessage() {
        return List.of("refused the login", "secret/postgres");
    }

    @Override
    protected String serverVersionPattern() {
        return "15\\..*";
    }

    @Test
    void restoreWithoutDropExtraKeepsExtraDatabaseButCleansDumpedOnes() throws Exception {
        seed("rb_keep");
        Path dump = dir.resolve("keep.sql");
        dumpTo(dump);
        Fingerprint before = adapter.fingerprint(target);
        sql("postgres", "CREATE DATABASE rb_extra2");
        sql("rb_keep", "INSERT INTO kinds (label) VALUES ('extra row')", "CREATE TABLE intruder (x int)");
        RestoreResult r;
        try (Connection session = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + container.port() + "/rb_keep", "postgres", PASSWORD)) {
            session.createStatement().execute("SELECT 1");
            r = adapter.restore(
                    target, DumpSource.ofFile(dump), RestoreOptions.ofDefaults().withoutSafetyDump());
        }

        assertThat(r.dropped()).isEmpty();
        assertThat(r.warnings())
                .anyMatch(w -> w.startsWith("kept database(s) the dump does not have (dropExtra()" + " removes them): ")
                        && w.contains("rb_extra2"))
                .contains("closed 1 other session(s) on the databases" + " being replaced");
        assertThat(adapter.fingerprint(target).only("rb_keep.")).isEqualTo(before.only("rb_keep."));
        assertThat(adapter.fingerprint(target).parts()).doesNotContainKey("rb_keep.public.intruder");
        assertThat(databases()).contains("rb_extra2", "rb_keep");
        sql("postgres", "DROP DATABASE rb_extra2");
    }

    private static void seed(String... dbs) throws Exception {
        sql(
                "postgres",
                "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rb_reader_x') THEN"
                        + " CREATE ROLE rb_reader_x LOGIN PASSWORD 'r'; END IF; END$$",
                "DROP ROLE IF EXISTS rb_solo",
                "CREATE ROLE rb_solo NOLOGIN CREATEDB");
        for (String db : dbs) {
            sql("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)", "CREATE DATABASE " + db);
            sql(
                    db,
                    "CREATE TABLE kinds (id serial PRIMARY KEY, label text NOT NULL, doc jsonb, blob bytea,"
                            + " amount numeric(20,6), at timestamptz DEFAULT now(), tags text[])",
                    "INSERT INTO kinds (label, doc, blob, amount, tags) VALUES"
                            + " ('Grüße, Ωmega, 日本語, 🚀', '{\"a\": [1, 2, {\"b\": null}]}', '\\x00ff10', 12345.678901,"
                            + " ARRAY['x', 'ÿ']), (repeat('large ', 200000), NULL, decode(repeat('ab', 100000), 'hex'), -1, '{}')",
                    "CREATE TABLE big (id int PRIMARY KEY, v text)",
                    "INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 100000) g",
                    "CREATE INDEX big_v ON big (v)",
                    "GRANT SELECT ON big TO rb_reader_x");
        }
    }

    private static List<String> databases() throws Exception {
        try (Connection c = PostgresJdbc.connect(target, "postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datname FROM pg_database")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static void sql(String db, String... statements) throws Exception {
        try (Connection c = PostgresJdbc.connect(target, db);
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
