package dev.rollback.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.rollback.errors.EnvironmentException;
import dev.rollback.errors.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {
    private static final Path ORIGIN = Path.of("project", ".env");

    @TempDir
    Path dir;

    @Test
    void renderOfUnmodifiedDevstackEnvExampleIsByteIdentical() throws Exception {
        Path file = dir.resolve(".env");
        Files.write(file, DevstackFixture.bytes("env.example"));

        EnvFile env = EnvFile.load(file);

        assertThat(env.render().getBytes(StandardCharsets.UTF_8)).isEqualTo(Files.readAllBytes(file));
        assertThat(env.render().lines().count()).isEqualTo(433);
        assertThat(env.isModified()).isFalse();
    }

    @Test
    void readsDevstackValuesIncludingEmptyOnes() {
        EnvFile env = EnvFile.parse(DevstackFixture.text("env.example"), ORIGIN);

        assertThat(env.get("MYSQL_ENABLE_TLS")).contains("true");
        assertThat(env.get("VAULT_ADDR")).contains("http://vault:8200");
        assertThat(env.get("VAULT_TOKEN")).contains("");
        assertThat(env.get("NOT_THERE")).isEmpty();
        assertThat(env.values())
                .containsKey("REDIS_3_TLS_PORT")
                .doesNotContainKey("VAULT_TOKEN=hvs.xxxxxxxxxxxxxxxxxxxxx");
    }

    @Test
    void readsEveryValueSyntaxComposeKnows() {
        String text = """
                PLAIN=value
                export EXPORTED=yes
                DOUBLE="double quoted with \\"escapes\\" and \\n newline"
                SINGLE='single $literal \\n'
                COMMENTED=value # a comment
                HASH=a#b
                EMPTY=
                SPACED = padded value  \s
                DOLLAR="\\$HOME"
                """;

        EnvFile env = EnvFile.parse(text, ORIGIN);

        assertThat(env.values())
                .containsExactly(
                        entry("PLAIN", "value"),
                        entry("EXPORTED", "yes"),
                        entry("DOUBLE", "double quoted with \"escapes\" and \n newline"),
                        entry("SINGLE", "single $literal \\n"),
                        entry("COMMENTED", "value"),
                        entry("HASH", "a#b"),
                        entry("EMPTY", ""),
                        entry("SPACED", "padded value"),
                        entry("DOLLAR", "$HOME"));
    }

    @Test
    void quotedValuesMaySpanLines() {
        EnvFile env = EnvFile.parse("CERT=\"line one\nline two\"\nNEXT=1\n", ORIGIN);

        assertThat(env.values()).containsExactly(entry("CERT", "line one\nline two"), entry("NEXT", "1"));
    }

    @Test
    void repeatedKeysLastOneWinsAndSetChangesTheLast() {
        EnvFile env = EnvFile.parse("A=1\nA=2\nB=x\n", ORIGIN);

        String rendered = env.set("A", "3").render();

        assertThat(rendered).isEqualTo("A=1\nA=3\nB=x\n");
        assertThat(env.get("A")).contains("3");
    }

    @Test
    void setKeepsCommentsAndQuotingOfUntouchedLines() {
        String text = "# header\n\nexport A='one'\nB=\"two\"  # why\nC=three # note\n";
        EnvFile env = EnvFile.parse(text, ORIGIN);

        String rendered = env.set("A", "uno").set("B", "dos").set("C", "tres").render();

        assertThat(rendered).isEqualTo("# header\n\nexport A='uno'\nB=\"dos\"  # why\nC=tres # note\n");
        assertThat(env.isModified()).isTrue();
    }

    @Test
    void setQuotesValuesThatNeedIt() {
        EnvFile env = EnvFile.parse("A=plain # keep\nB='single'\n", ORIGIN);

        String rendered = env.set("A", "two words $x \"q\" \\").set("B", "it's").render();

        assertThat(rendered).isEqualTo("A=\"two words \\$x \\\"q\\\" \\\\\" # keep\nB=\"it's\"\n");
        assertThat(EnvFile.parse(rendered, ORIGIN).values())
                .containsExactly(entry("A", "two words $x \"q\" \\"), entry("B", "it's"));
    }

    @Test
    void setAppendsAbsentKeyAfterAddingTheMissingFinalNewline() {
        EnvFile env = EnvFile.parse("# c\r\nA=1", ORIGIN);

        String rendered = env.set("NEW_KEY", "v").render();

        assertThat(rendered).isEqualTo("# c\r\nA=1\r\nNEW_KEY=v\r\n");
    }

    @Test
    void crlfAndMissingFinalNewlineSurviveAnEditElsewhere() {
        EnvFile env = EnvFile.parse("A=1\r\nB=2\r\nC=3", ORIGIN);

        String rendered = env.set("B", "20").render();

        assertThat(rendered).isEqualTo("A=1\r\nB=20\r\nC=3");
    }

    @Test
    void setToTheSameValueIsNotAModification() {
        EnvFile env = EnvFile.parse("A=\"1\"\n", ORIGIN);

        boolean modified = env.set("A", "1").isModified();

        assertThat(modified).isFalse();
        assertThat(env.render()).isEqualTo("A=\"1\"\n");
    }

    @Test
    void unsetRemovesEveryLineOfTheKey() {
        EnvFile env = EnvFile.parse("A=1\n# keep\nA=2\nB=3\n", ORIGIN);

        String rendered = env.unset("A").unset("ABSENT").render();

        assertThat(rendered).isEqualTo("# keep\nB=3\n");
        assertThat(env.get("A")).isEmpty();
    }

    @Test
    void byteOrderMarkIsKeptAndNotPartOfTheFirstKey() {
        EnvFile env = EnvFile.parse("\uFEFFA=1\n", ORIGIN);

        assertThat(env.get("A")).contains("1");
        assertThat(env.render()).isEqualTo("\uFEFFA=1\n");
    }

    @Test
    void lineWithoutEqualsIsAnErrorNamingFileAndLine() {
        assertThatThrownBy(() -> EnvFile.parse("A=1\n# fine\nJUST_A_WORD\n", ORIGIN))
                .isInstanceOfSatisfying(EnvironmentException.class, e -> {
                    assertThat(e.file()).isEqualTo(ORIGIN);
                    assertThat(e.line()).contains(3);
                })
                .hasMessageContaining(".env:3:")
                .hasMessageContaining("without '='");
    }

    @Test
    void invalidKeyIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> EnvFile.parse("A=1\n1BAD=2\n", ORIGIN))
                .isInstanceOfSatisfying(
                        EnvironmentException.class, e -> assertThat(e.line()).contains(2))
                .hasMessageContaining("invalid key '1BAD'");
    }

    @Test
    void unterminatedQuoteIsAnErrorNamingTheLineItStarts() {
        assertThatThrownBy(() -> EnvFile.parse("A=1\nB=\"open\nC=3\n", ORIGIN))
                .isInstanceOfSatisfying(
                        EnvironmentException.class, e -> assertThat(e.line()).contains(2))
                .hasMessageContaining("unterminated double quote");
        assertThatThrownBy(() -> EnvFile.parse("A='open\n", ORIGIN))
                .isInstanceOfSatisfying(
                        EnvironmentException.class, e -> assertThat(e.line()).contains(1))
                .hasMessageContaining("unterminated single quote");
    }

    @Test
    void textAfterClosingQuoteIsAnError() {
        assertThatThrownBy(() -> EnvFile.parse("A=\"x\" y\n", ORIGIN))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("after the closing quote");
    }

    @Test
    void loadOfMissingFileNamesIt() {
        Path missing = dir.resolve(".env");

        assertThatThrownBy(() -> EnvFile.load(missing))
                .isInstanceOfSatisfying(
                        EnvironmentException.class, e -> assertThat(e.file()).isEqualTo(missing))
                .hasMessageContaining("no such file");
    }

    @Test
    void setRefusesAnInvalidKey() {
        EnvFile env = EnvFile.parse("", ORIGIN);

        assertThatThrownBy(() -> env.set("BAD KEY", "1"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'BAD KEY'");
    }

    @Test
    void setOnAnEmptyDocumentWritesOneLine() {
        String rendered = EnvFile.parse("", ORIGIN).set("A", "").render();

        assertThat(rendered).isEqualTo("A=\n");
    }
}
