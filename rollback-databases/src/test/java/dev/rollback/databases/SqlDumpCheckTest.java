package dev.rollback.databases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.RollbackException;
import dev.rollback.io.Sha256;
import dev.rollback.spi.DumpSource;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlDumpCheckTest {
    private static final Pattern CREATE = Pattern.compile("^CREATE DATABASE (\"(?:[^\"]|\"\")*\"|\\S+)");
    private static final String MARKER = "PostgreSQL database cluster dump complete";
    private static final String DUMP = "--\n-- globals\n--\nCREATE ROLE app;\n\\connect template1\n"
            + "CREATE DATABASE shop WITH TEMPLATE = template0;\nCOPY t (a) FROM stdin;\nx CREATE DATABASE no\n\\.\n"
            + "\r\nCREATE DATABASE \"my \"\"odd\"\" dé\" WITH OWNER = app;\nCREATE DATABASE last WITH OWNER = app;\n"
            + "-- CREATE DATABASE commented\n--\n-- " + MARKER + "\n--\n\n";

    /** Every read size, so the line starts fall on every buffer boundary. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 15, 16, 17, 64, 1 << 17})
    void findsTheCreatedDatabasesWhateverTheReadSize(int chunk) {
        SqlDumpCheck c = SqlDumpCheck.verify(
                "pg", chunked(DUMP.getBytes(StandardCharsets.UTF_8), chunk), MARKER, CREATE, Optional.of(sha(DUMP)));
        assertThat(c.databases()).containsExactly("shop", "my \"odd\" dé", "last");
        assertThat(c.bytes()).isEqualTo(DUMP.getBytes(StandardCharsets.UTF_8).length);
        assertThat(c.sha256()).isEqualTo(sha(DUMP));
    }

    @Test
    void aDumpCutShortIsRefused() {
        byte[] all = DUMP.getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(all, all.length - 30);
        assertThatThrownBy(() -> SqlDumpCheck.verify("pg", DumpSource.ofBytes(cut), MARKER, CREATE, Optional.empty()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("cut short");
    }

    @Test
    void theMarkerMustBeAmongTheLastThreeLinesEvenAfterMuchData() {
        String big = DUMP + "x".repeat(100_000) + "\n";
        assertThatThrownBy(() -> SqlDumpCheck.verify(
                        "pg",
                        DumpSource.ofBytes(big.getBytes(StandardCharsets.UTF_8)),
                        MARKER,
                        CREATE,
                        Optional.empty()))
                .hasMessageContaining("cut short");
        String longTail = "y".repeat(100_000) + "\n" + DUMP;
        assertThat(SqlDumpCheck.verify(
                                "pg",
                                DumpSource.ofBytes(longTail.getBytes(StandardCharsets.UTF_8)),
                                MARKER,
                                CREATE,
                                Optional.empty())
                        .databases())
                .containsExactly("shop", "my \"odd\" dé", "last");
    }

    @Test
    void aWrongChecksumIsRefused() {
        assertThatThrownBy(() -> SqlDumpCheck.verify(
                        "pg",
                        DumpSource.ofBytes(DUMP.getBytes(StandardCharsets.UTF_8)),
                        MARKER,
                        CREATE,
                        Optional.of("00".repeat(32))))
                .hasMessageContaining("but the backup recorded");
    }

    private static String sha(String s) {
        return Sha256.of(s);
    }

    private static DumpSource chunked(byte[] bytes, int chunk) {
        return new DumpSource() {
            @Override
            public InputStream open() {
                return new FilterInputStream(new ByteArrayInputStream(bytes)) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return super.read(b, off, Math.min(len, chunk));
                    }
                };
            }

            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public String describe() {
                return "test bytes";
            }
        };
    }
}
