package dev.rollback.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UndoLogTest {
    @TempDir
    Path run;

    @Test
    void entriesReadBackInOrderAndALineCutByAKillIsLeftOut() throws Exception {
        try (UndoLog log = UndoLog.of(run)) {
            log.add(2, "git-reset", UndoRecipe.of("git-reset", "HEAD back", Map.of("commit", "01eec5a")));
            log.cannot(3, "kv-restore", "Vault KV secrets: a new version of each");
            log.add(
                    4,
                    "volume-restore",
                    UndoRecipe.of(
                            "volumes",
                            "volumes back",
                            Map.of(
                                    "volume.0",
                                    "a",
                                    "archive.0",
                                    "/x/volume-a.tar",
                                    "volume.1",
                                    "b",
                                    "archive.1",
                                    "/x/volume-b.tar")));
        }
        Files.writeString(run.resolve(UndoLog.FILE), "{\"step\":5,\"name\":\"db-rest", StandardOpenOption.APPEND);

        var entries = UndoLog.read(run);

        assertThat(entries).extracting(UndoLog.Entry::step).containsExactly(2, 3, 4);
        assertThat(entries.get(0).recipe().orElseThrow().field("commit")).isEqualTo("01eec5a");
        assertThat(entries.get(1).recipe()).isEmpty();
        assertThat(entries.get(1).cannot()).startsWith("Vault KV");
        assertThat(entries.get(2).recipe().orElseThrow().list("archive"))
                .containsExactly("/x/volume-a.tar", "/x/volume-b.tar");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve(UndoLog.FILE))))
                .isEqualTo("rw-------");
        assertThat(UndoLog.read(run.resolve("no-such-run"))).isEmpty();
    }
}
