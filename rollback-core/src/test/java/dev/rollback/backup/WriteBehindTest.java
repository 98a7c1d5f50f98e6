package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background syncs of a file being written: the bytes are untouched, and a sync that fails is not lost. */
class WriteBehindTest {
    @TempDir
    Path tmp;

    @Test
    void aFileWrittenInStepsKeepsItsBytesAndSyncsWithoutError() throws Exception {
        Path file = tmp.resolve("artifact");
        byte[] data = new byte[(int) (WriteBehind.STEP * 3 + 12345)];
        new Random(7).nextBytes(data);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            WriteBehind wb = new WriteBehind(ch);
            for (int off = 0; off < data.length; off += 1 << 20) {
                int n = Math.min(1 << 20, data.length - off);
                ch.write(ByteBuffer.wrap(data, off, n));
                wb.written(n);
            }
            wb.finish();
            ch.force(true);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
    }

    @Test
    void aBackgroundSyncThatFailsIsReportedByFinish() throws Exception {
        Path file = tmp.resolve("artifact");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        ch.close(); // the sync started next runs on a closed channel and fails
        WriteBehind wb = new WriteBehind(ch);
        wb.written(WriteBehind.STEP);

        assertThatThrownBy(wb::finish).isInstanceOf(ClosedChannelException.class);
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    }

    @Test
    void aFailedSyncStopsTheNextStepToo() throws Exception {
        FileChannel ch =
                FileChannel.open(tmp.resolve("artifact"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ch.close();
        WriteBehind wb = new WriteBehind(ch);
        wb.written(WriteBehind.STEP);
        IOException first = null;
        for (int i = 0; i < 1000 && first == null; i++) { // once the failed sync has ended, the next step reports it
            try {
                wb.written(WriteBehind.STEP);
                Thread.sleep(5);
            } catch (IOException e) {
                first = e;
            }
        }
        assertThat(first).isInstanceOf(ClosedChannelException.class);
    }
}
