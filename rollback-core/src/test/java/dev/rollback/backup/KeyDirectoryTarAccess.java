package dev.rollback.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Test access to the package's key directory tar format. */
public final class KeyDirectoryTarAccess {
    private KeyDirectoryTarAccess() {}

    public static void extract(InputStream in, Path target) throws IOException {
        KeyDirectoryTar.extract(in, target);
    }
}
