package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.plan.UndoRecipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The undo of a run and of its resumption puts each volume back once, from the oldest whole archive of it: the
 * interrupted run's for the volume it had emptied, the resumption's for those the interrupted run never reached.
 */
class VolumeArchiveRestoreStepTest {
    @TempDir
    Path tmp;

    private Path tar(String name) throws Exception {
        Path file = tmp.resolve(name);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            TarArchiveEntry e = new TarArchiveEntry("data/" + name);
            e.setSize(1);
            out.putArchiveEntry(e);
            out.write('x');
            out.closeArchiveEntry();
        }
        return file;
    }

    private static UndoRecipe recipe(Map<String, Path> archives) {
        Map<String, String> f = new LinkedHashMap<>();
        int i = 0;
        for (var e : archives.entrySet()) {
            f.put("volume." + i, e.getKey());
            f.put("archive." + i++, e.getValue().toString());
        }
        return UndoRecipe.of("volumes", "volumes back", f);
    }

    @Test
    void eachVolumeGoesBackOnceFromTheOldestWholeArchive() throws Exception {
        Path interruptedVault = tar("run1-vault.tar");
        Path interruptedPostgres = tmp.resolve("run1-postgres.tar"); // never written: the run was killed before it
        Path cutShort = tmp.resolve("run1-redis.tar");
        Files.write(cutShort, Arrays.copyOf(Files.readAllBytes(tar("whole.tar")), 700));
        Path resumedVault = tar("run2-vault.tar");
        Path resumedPostgres = tar("run2-postgres.tar");
        Path resumedRedis = tar("run2-redis.tar");
        UndoRecipe interrupted = recipe(new LinkedHashMap<>(
                Map.of("vault_data", interruptedVault, "postgres_data", interruptedPostgres, "redis_data", cutShort)));
        UndoRecipe resumption = recipe(new LinkedHashMap<>(
                Map.of("vault_data", resumedVault, "postgres_data", resumedPostgres, "redis_data", resumedRedis)));

        VolumeArchiveRestoreStep step = VolumeArchiveRestoreStep.of(List.of(interrupted, resumption), Set.of());

        assertThat(step.archives())
                .isEqualTo(Map.of(
                        "vault_data", interruptedVault, "postgres_data", resumedPostgres, "redis_data", resumedRedis));
    }

    @Test
    void aVolumeTheInterruptedRunCreatedIsRemovedEvenThoughTheResumptionArchivedIt() throws Exception {
        Path vault = tar("run1-vault.tar");
        UndoRecipe interrupted = UndoRecipe.of(
                "volumes",
                "",
                Map.of("volume.0", "vault_data", "archive.0", vault.toString(), "created.0", "forgejo_data"));
        UndoRecipe resumption = recipe(new LinkedHashMap<>(Map.of("forgejo_data", tar("run2-forgejo.tar"))));

        VolumeArchiveRestoreStep step = VolumeArchiveRestoreStep.of(List.of(interrupted, resumption), Set.of());

        assertThat(step.archives()).isEqualTo(Map.of("vault_data", vault));
        assertThat(step.created()).containsExactly("forgejo_data");
        assertThat(step.describe()).contains("put back vault_data", "remove forgejo_data, created by the run");
    }
}
