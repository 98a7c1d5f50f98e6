package dev.rollback.vault;

import dev.rollback.env.Environment;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.Scope;
import dev.rollback.io.FileTrees;
import dev.rollback.io.SecureFiles;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.steps.DirectoryRestoreStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Vault key directory ({@code ~/.config/vault}: {@code keys.json}, {@code root-token}, {@code ca/},
 * {@code certs/}, {@code approles/}): verify, back up with modes kept, restore with the current directory moved
 * aside (never overwritten in place).
 *
 * <p>{@code List<Problem> problems = KeyDirectory.of(env.vaultKeyDir()).verify();}
 */
public final class KeyDirectory {
    /** The files a usable key directory must hold. */
    public static final List<String> REQUIRED = List.of(KeyFile.NAME, "root-token");

    private final Path dir;

    private KeyDirectory(Path dir) {
        this.dir = dir;
    }

    public static KeyDirectory of(Path dir) {
        return new KeyDirectory(dir);
    }

    public Path dir() {
        return dir;
    }

    /**
     * Everything wrong with the directory: a blocking problem when keys.json is missing, unparsable or holds fewer
     * keys than the threshold, root-token is missing or differs from keys.json's {@code root_token}, or a file
     * holding secrets is readable by its group or others (it must be 0600); a warning for a directory or a
     * certificate other users can read (0700, 0600 suggested). Empty when it is fine.
     */
    public List<Problem> verify() {
        String subject = "vault keys";
        List<Problem> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            out.add(Problem.blocking(
                    subject, dir + " does not exist", "restore it: rollback vault keys restore <backup>"));
            return out;
        }
        KeyFile keys = null;
        try {
            keys = KeyFile.load(dir);
        } catch (RollbackException e) {
            out.add(Problem.blocking(subject, e.getMessage(), "restore the key directory from a backup"));
        }
        if (keys != null) {
            if (keys.keyCount() < keys.threshold()) {
                out.add(Problem.blocking(
                        subject,
                        keys.file() + " holds " + keys.keyCount() + " unseal keys, fewer " + "than the threshold of "
                                + keys.threshold(),
                        "restore keys.json from a backup"));
            }
            Path rootToken = dir.resolve("root-token");
            if (!Files.isRegularFile(rootToken)) {
                out.add(Problem.blocking(subject, rootToken + " is missing", "restore it from a backup"));
            } else if (!keys.hasRootToken()) {
                out.add(Problem.warning(subject, keys.file() + " has no root_token to check root-token against", ""));
            } else if (!keys.rootTokenMatches(read(rootToken))) {
                out.add(Problem.blocking(
                        subject,
                        rootToken + " does not match the root_token of " + keys.file(),
                        "the two files come from different Vault setups: restore both from the same backup"));
            }
        }
        out.addAll(looseModes());
        return out;
    }

    /**
     * The entries other users may read or write: like ssh with a private key, a blocking problem for a file holding
     * secrets (keys.json, root-token, an AppRole's ids, a private key: every file but a certificate), naming the
     * {@code chmod 600 <file>} to run; a warning for a certificate ({@code chmod 600}) or a directory
     * ({@code chmod 700}).
     */
    public List<Problem> looseModes() {
        List<Problem> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(p) || !SecureFiles.isOpenToOthers(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String mode =
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(Problem.warning(
                            "vault keys", p + " has mode " + mode + ", open beyond its owner", "chmod 700 " + p));
                } else if (!SecretFiles.holdsSecrets(p)) {
                    out.add(Problem.warning(
                            "vault keys", p + " has mode " + mode + ", readable beyond its owner", "chmod 600 " + p));
                } else {
                    out.add(Problem.blocking(
                            "vault keys",
                            p + " holds secrets and has mode " + mode
                                    + ", readable beyond its owner; refused as ssh refuses such a key",
                            "chmod 600 " + p));
                }
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: modes cannot be checked
        } catch (IOException e) {
            out.add(Problem.warning("vault keys", "cannot check modes under " + dir + ": " + e.getMessage(), ""));
        }
        return out;
    }

    /**
     * Copies the directory to {@code target} (which must not exist, nor be inside this directory), modes kept, and
     * checks the copy's checksums. A key directory that is a link is followed; one that holds no file is refused
     * (an empty copy of the keys is no backup).
     *
     * @return the number of files copied
     */
    public int backup(Path target) {
        if (!Files.isDirectory(dir)) {
            throw new RollbackException("cannot back up " + dir + ": it does not exist");
        }
        DirectoryNesting.refuse(dir, target, "back up the Vault key directory", "name a new directory outside " + dir);
        if (Files.exists(target)) {
            throw new RollbackException("will not back up into " + target + ": it exists; name a new directory");
        }
        try {
            // a key directory that is a link (~/.config/vault -> a synced folder) is followed: its files are the keys
            Path source = Files.isSymbolicLink(dir) ? dir.toRealPath() : dir;
            Map<String, String> sums = FileTrees.checksums(source);
            if (sums.isEmpty()) {
                throw new RollbackException(
                        "will not back up " + dir + (source.equals(dir) ? "" : " (a link to " + source + ")")
                                + ": it holds no file, and an empty copy of the keys is no backup; check "
                                + "that it is the key directory (keys.json, root-token)");
            }
            SecureFiles.createPrivateDirectories(target.toAbsolutePath().getParent());
            FileTrees.copy(source, target);
            SecureFiles.makePrivate(target);
            if (!FileTrees.checksums(target).equals(sums)) {
                throw new RollbackException(
                        "the copy in " + target + " differs from " + dir + "; " + dir + " is untouched");
            }
            return sums.size();
        } catch (IOException e) {
            throw new RollbackException("cannot back up " + dir + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plan restoring this directory from {@code source}: preflight checks the saved copy (keys.json parses,
     * enough keys, root-token matches), then the current directory is moved into the run's safety area and the copy
     * put in its place with modes kept.
     */
    public static RollbackPlan restorePlan(Environment env, Path source, RunSettings settings) {
        DirectoryNesting.refuse(
                source,
                env.vaultKeyDir(),
                "restore the Vault key directory from",
                "move the saved copy outside " + env.vaultKeyDir() + " first");
        return new RollbackPlan(
                env,
                Scope.CONFIG,
                "restore the Vault key directory " + env.vaultKeyDir() + " from " + source,
                List.of(
                        new KeyCheckStep(source),
                        new DirectoryRestoreStep("vault-keys", source, env.vaultKeyDir(), REQUIRED)),
                settings);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
