package dev.rollback.databases.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the filter changes in a pg_dumpall dump, and that its length accounting matches what it writes. */
class PgGlobalsFilterTest {
    private static final String DUMP = """
            --
            -- PostgreSQL database cluster dump
            --

            DROP DATABASE IF EXISTS dev_database;
            DROP DATABASE IF EXISTS "Forgejo DB";

            DROP ROLE IF EXISTS dev_admin;
            DROP ROLE IF EXISTS app;
            CREATE ROLE dev_admin;
            ALTER ROLE dev_admin WITH SUPERUSER LOGIN;
            CREATE ROLE app;
            \\connect template1
            DROP DATABASE IF EXISTS later;
            CREATE ROLE dev_admin;
            """;

    private static InputStream dump() {
        return new ByteArrayInputStream(DUMP.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void databasesAreDroppedByForceAndTheRestoringRolesOwnLinesLeftOut() throws IOException {
        String out;
        try (PgGlobalsFilter f = new PgGlobalsFilter(dump(), "dev_admin")) {
            out = new String(f.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(out)
                .contains("DROP DATABASE IF EXISTS dev_database WITH (FORCE);\n")
                .contains("DROP DATABASE IF EXISTS \"Forgejo DB\" WITH (FORCE);\n")
                .contains("DROP ROLE IF EXISTS app;\n", "CREATE ROLE app;\n", "ALTER ROLE dev_admin WITH SUPERUSER")
                .doesNotContain("DROP ROLE IF EXISTS dev_admin;");
        // after the globals, nothing is touched
        assertThat(out).endsWith("\\connect template1\nDROP DATABASE IF EXISTS later;\nCREATE ROLE dev_admin;\n");
        assertThat(out.substring(0, out.indexOf("\\connect"))).doesNotContain("CREATE ROLE dev_admin;");
    }

    @Test
    void theFilteredLengthIsTheDumpsLessWhatTheFilterRemoved() throws IOException {
        byte[] filtered;
        try (PgGlobalsFilter f = new PgGlobalsFilter(dump(), "dev_admin")) {
            filtered = f.readAllBytes();
        }

        long removed = PgGlobalsFilter.removedBytes(dump(), "dev_admin");

        assertThat((long) filtered.length).isEqualTo(DUMP.getBytes(StandardCharsets.UTF_8).length - removed);
    }
}
