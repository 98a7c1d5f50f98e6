package dev.rollback.databases.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.testing.HostServices;
import dev.rollback.testing.RequiresPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

@RequiresPostgres
class PostgresConnectionIT {

    private static final String UNICODE = "Grüße, Ωmega, 日本語, 🚀";

    @Test
    void unicodeRowSurvivesRoundTripInTemporaryDatabase() throws SQLException {
        String database =
                "rollback_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = connect(HostServices.postgresUrl());
                Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
            try (Connection db =
                    connect(HostServices.postgresUrl().replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1"))) {
                try (Statement ddl = db.createStatement()) {
                    ddl.execute("CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)");
                }
                try (PreparedStatement insert = db.prepareStatement("INSERT INTO note (body) VALUES (?)")) {
                    insert.setString(1, UNICODE);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
                try (Statement query = db.createStatement();
                        ResultSet rs =
                                query.executeQuery("SELECT current_database(), body, octet_length(body) FROM note")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(database);
                    assertThat(rs.getString(2)).isEqualTo(UNICODE);
                    assertThat(rs.getInt(3)).isEqualTo(UNICODE.getBytes(StandardCharsets.UTF_8).length);
                    assertThat(rs.next()).isFalse();
                }
            } finally {
                st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            try (ResultSet rs =
                    st.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + database + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void wrongDatabaseNameIsRefusedWithClearError() {
        String url = HostServices.postgresUrl().replaceFirst("/[^/?]*(\\?|$)", "/rollback_it_does_not_exist$1");

        Assertions.assertThatThrownBy(() -> connect(url).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("rollback_it_does_not_exist");
    }

    private static Connection connect(String url) throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(url, HostServices.postgresUser(), "");
    }
}
