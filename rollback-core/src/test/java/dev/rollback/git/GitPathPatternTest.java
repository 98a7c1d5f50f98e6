package dev.rollback.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitPathPatternTest {
    @ParameterizedTest(name = "{0} selects {1}: {2}")
    @CsvSource({
        "docs/README.md,                docs/README.md,                          true",
        "docs/README.md,                docs/README.md.bak,                      false",
        "docs/,                         docs/guides/a.md,                        true",
        "docs/,                         docs,                                    false",
        "docs/,                         docsx/a.md,                              false",
        "docs,                          docs/a.md,                               true",
        "docs,                          docs,                                    true",
        "./docs/,                       docs/a.md,                               true",
        "/docs/,                        docs/a.md,                               true",
        "configs/*/performance/,        configs/mysql/performance/my.cnf,        true",
        "configs/*/performance/,        configs/pg/performance/deep/x.conf,      true",
        "configs/*/performance/,        configs/a/b/performance/x.conf,          false",
        "configs/*/performance/,        configs/mysql/performance,               false",
        "scripts/backup-*.sh,           scripts/backup-all.sh,                   true",
        "scripts/backup-*.sh,           scripts/backup-.sh,                      true",
        "scripts/backup-*.sh,           scripts/sub/backup-all.sh,               false",
        "scripts/backup-*.sh,           scripts/restore-all.sh,                  false",
        "scripts/?.sh,                  scripts/a.sh,                            true",
        "scripts/?.sh,                  scripts/ab.sh,                           false",
        "**/init.sh,                    init.sh,                                 true",
        "**/init.sh,                    configs/mysql/scripts/init.sh,           true",
        "configs/**/init.sh,            configs/init.sh,                         true",
        "configs/**/init.sh,            configs/mysql/scripts/init.sh,           true",
        "configs/**,                    configs/a/b/c,                           true",
        "configs/**,                    other/a,                                 false",
        "configs/*,                     configs/mysql/scripts/init.sh,           true",
        "a.b,                           axb,                                     false",
        "file\\*.txt,                   file*.txt,                               true",
        "file\\*.txt,                   fileX.txt,                               false",
        ".,                             any/file.txt,                            true",
    })
    void patternSelectsFilesLikeGitCheckout(String pattern, String path, boolean selected) {
        boolean matches = PathPattern.parse(pattern).matches(path);

        assertThat(matches).isEqualTo(selected);
    }

    @Test
    void blankPatternIsRefused() {
        assertThatThrownBy(() -> PathPattern.parse("  "))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("empty path pattern");
    }

    @Test
    void patternLeavingTheRepositoryIsRefused() {
        assertThatThrownBy(() -> PathPattern.parse("../etc/passwd"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'../etc/passwd' leaves the repository");
    }
}
