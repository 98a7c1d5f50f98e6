package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarArchivesTest {
    @TempDir
    Path tmp;

    private Path tar(int files, int bytes) throws Exception {
        Path file = tmp.resolve("volume.tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < files; i++) {
                byte[] data = new byte[bytes];
                Arrays.fill(data, (byte) ('a' + i));
                TarArchiveEntry e = new TarArchiveEntry("data/file-" + i);
                e.setSize(data.length);
                out.putArchiveEntry(e);
                out.write(data);
                out.closeArchiveEntry();
            }
        }
        return file;
    }

    @Test
    void aWholeArchiveIsComplete() throws Exception {
        assertThat(TarArchives.isComplete(tar(3, 1000))).isTrue();
        assertThat(TarArchives.isComplete(tar(0, 0))).isTrue();
    }

    @Test
    void anArchiveCutShortAnywhereIsNot() throws Exception {
        Path whole = tar(3, 1000);
        byte[] bytes = Files.readAllBytes(whole);
        // inside a header, inside content, on an entry boundary (no end blocks), inside the end blocks
        for (int cut : new int[] {100, 700, 1536, bytes.length - 600, bytes.length - 1}) {
            Path part = tmp.resolve("cut-" + cut + ".tar");
            Files.write(part, Arrays.copyOf(bytes, cut));
            assertThat(TarArchives.isComplete(part))
                    .as("cut at %d of %d", cut, bytes.length)
                    .isFalse();
        }
        assertThat(TarArchives.isComplete(tmp.resolve("missing.tar"))).isFalse();
    }
}
