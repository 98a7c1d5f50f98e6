package dev.rollback.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvChangeTest {
    private static final Path ORIGIN = Path.of(".env");

    @Test
    void diffListsRemovedAndChangedInThisOrderThenAdded() {
        EnvFile before = EnvFile.parse("A=1\nGONE=x\nMYSQL_ENABLE_TLS=true\nSAME=s\n", ORIGIN);
        EnvFile after = EnvFile.parse("NEW=n\nMYSQL_ENABLE_TLS=false\nA=1\nSAME=s\n", ORIGIN);

        List<EnvChange> changes = before.diff(after);

        assertThat(changes)
                .containsExactly(
                        new EnvChange("GONE", EnvChange.Kind.REMOVED, "x", null),
                        new EnvChange("MYSQL_ENABLE_TLS", EnvChange.Kind.CHANGED, "true", "false"),
                        new EnvChange("NEW", EnvChange.Kind.ADDED, null, "n"));
        assertThat(changes)
                .extracting(EnvChange::toString)
                .containsExactly("- GONE", "~ MYSQL_ENABLE_TLS: true -> false", "+ NEW=n");
    }

    @Test
    void diffOfEqualDocumentsIsEmptyEvenWhenQuotingDiffers() {
        List<EnvChange> changes = EnvFile.parse("A=1\n", ORIGIN).diff(EnvFile.parse("export A=\"1\"\n", ORIGIN));

        assertThat(changes).isEmpty();
    }

    @Test
    void toStringMasksValuesOfSecretKeys() {
        EnvFile before = EnvFile.parse("POSTGRES_PASSWORD=old-pw\nAPI_KEY=k1\n", ORIGIN);
        EnvFile after = EnvFile.parse("POSTGRES_PASSWORD=new-pw\nAPI_KEY=k2\nVAULT_TOKEN=hvs.abc\n", ORIGIN);

        String printed = before.diff(after).toString();

        assertThat(printed)
                .contains("~ POSTGRES_PASSWORD: **** -> ****", "~ API_KEY: **** -> ****", "+ VAULT_TOKEN=****")
                .doesNotContain("old-pw", "new-pw", "k1", "k2", "hvs.abc");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "POSTGRES_PASSWORD",
                "DB_PASS",
                "MYSQLPASSWORD",
                "CLIENT_SECRET",
                "VAULT_TOKEN",
                "API_KEY",
                "api.key",
                "AWS_ACCESS_KEY_ID",
                "SSH_PRIVATE_KEY",
                "GOOGLE_CREDENTIALS",
                "GPG_PASSPHRASE",
                "VAULT_KEYS_FILE"
            })
    void secretLookingKeysAreRecognised(String key) {
        assertThat(EnvChange.isSecretKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "MYSQL_ENABLE_TLS",
                "MONKEY_COUNT",
                "BYPASS_CACHE",
                "KEYBOARD_LAYOUT",
                "POSTGRES_USER",
                "VAULT_ADDR",
                "PASSENGER_LIMIT"
            })
    void ordinaryKeysAreNotSecret(String key) {
        assertThat(EnvChange.isSecretKey(key)).isFalse();
    }
}
