package dev.rollback.git;

import java.io.File;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * JGit caches what it measures of a file system (timestamp resolution) in the user's {@code ~/.config/jgit/config},
 * so a read-only command such as {@code rollback status} would write into the user's home. A process that owns its
 * JVM (the CLI) reads that file as JGit would but never writes it. It changes JGit for the whole JVM, so the SDK
 * never does this on its own: an application that embeds it keeps JGit's behaviour unless it calls this.
 *
 * <p>{@code JGitUserSettings.readOnly(); // first thing in main()}
 */
public final class JGitUserSettings {
    private JGitUserSettings() {}

    /** From now on JGit's own user settings file is read, never written, in this JVM. */
    public static synchronized void readOnly() {
        SystemReader current = SystemReader.getInstance();
        if (!(current instanceof ReadOnly)) {
            SystemReader.setInstance(new ReadOnly(current));
        }
    }

    private static final class ReadOnly extends SystemReader.Delegate {
        ReadOnly(SystemReader delegate) {
            super(delegate);
        }

        @Override
        public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            File file = super.openJGitConfig(parent, fs).getFile();
            return new FileBasedConfig(parent, file, fs) {
                @Override
                public void save() {
                    // never written: what JGit measured is kept in memory for this process only
                }
            };
        }
    }
}
