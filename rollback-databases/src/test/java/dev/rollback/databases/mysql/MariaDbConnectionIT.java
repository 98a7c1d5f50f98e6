package dev.rollback.databases.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresMysql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@RequiresMysql
class MariaDbConnectionIT {

    /** Four-byte characters need utf8mb4 end to end. */
    private static final String UNICODE = "Grüße, Ωmega, 日本語, 🚀";

    @Test
    void unicodeRowSurvivesRoundTripInTemporaryDatabase() throws SQLException {
        String database =
                "rollback_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(HostServices.mysqlUrl(), HostServices.mysqlUser(), "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            try {
                st.execute("CREATE TABLE " + database
                        + ".note (id INT AUTO_INCREMENT PRIMARY KEY, body VARCHAR(100) NOT NULL)");
                try (PreparedStatement insert =
                        c.prepareStatement("INSERT INTO " + database + ".note (body) VALUES (?)")) {
                    insert.setString(1, UNICODE);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
                try (ResultSet rs =
                        st.executeQuery("SELECT body, CHAR_LENGTH(body), VERSION() FROM " + database + ".note")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(UNICODE);
                    assertThat(rs.getInt(2)).isEqualTo(UNICODE.codePointCount(0, UNICODE.length()));
                    assertThat(rs.getString(3)).containsIgnoringCase("mariadb");
                    assertThat(rs.next()).isFalse();
                }
            } finally {
                st.execute("DROP DATABASE IF EXISTS " + database);
            }
            try (ResultSet rs = st.executeQuery("SHOW DATABASES LIKE '" + database + "'")) {
                assertThat(rs.next()).isFalse();
            }
        }
    }
}
