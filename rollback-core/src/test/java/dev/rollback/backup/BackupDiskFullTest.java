package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.fixtures.SmallDisk;
import dev.rollback.io.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup root on a small tmpfs that fills up while the set is written. */
class BackupDiskFullTest {
    @TempDir
    Path tmp;

    @Test
    void fullDiskEndsInAClearErrorAndLeavesNoSetAndTheSourcesIntact() throws Exception {
        ProjectFixture p = ProjectFixture.create(tmp.resolve("project"));
        byte[] big = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(big); // incompressible: 2 MB that cannot fit in 512 KB
        Files.write(p.keyDir().resolve("certs-bundle.bin"), big);
        Map<String, String> before = FileTrees.checksums(p.keyDir());
        String envBefore = p.read(".env");
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("small-disk"), "512k")) {
            assumeTrue(disk.mounted(), "needs root to mount a tmpfs");
            Path mount = disk.path();
            Environment env = Environment.custom(p.home())
                    .withProcessEnvironment(
                            Map.of("HOME", p.keyDir().getParent().getParent().toString()))
                    .withBackupRoot(mount.resolve("backups"))
                    .build();

            assertThatThrownBy(() -> Backups.in(env).create())
                    .isInstanceOf(RollbackException.class)
                    .hasMessageContaining("vault-keys.tar.zst")
                    .hasMessageContaining("is full")
                    .hasMessageContaining("nothing of this backup was kept");

            try (var left = Files.list(mount.resolve("backups"))) {
                assertThat(left.toList()).isEmpty();
            }
            assertThat(Backups.in(env).list()).isEmpty();
            assertThat(FileTrees.checksums(p.keyDir())).isEqualTo(before);
            assertThat(p.read(".env")).isEqualTo(envBefore);
        }
    }
}
