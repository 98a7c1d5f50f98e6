package dev.rollback.backup;

import dev.rollback.env.Environment;
import dev.rollback.env.LocalExcludes;
import dev.rollback.errors.IncompleteBackupException;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackListener;
import dev.rollback.git.GitRepository;
import dev.rollback.git.WorkTreeStatus;
import dev.rollback.io.FileTrees;
import dev.rollback.io.Sha256;
import dev.rollback.plan.EnvironmentLock;
import dev.rollback.spi.ArtifactSource;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributor;
import dev.rollback.spi.BackupContributors;
import dev.rollback.spi.Connections;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.SecretStore;
import dev.rollback.spi.VolumeStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Snapshots of an environment: git state, {@code .env} and the Vault key directory, as a verifiable backup set.
 *
 * <p>{@code BackupSet b = Backups.in(env).withConnections(c).withPassphrase(p).create(); Backups.in(env).find("latest");}
 */
public final class Backups {
    private static final DateTimeFormatter ID =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneId.systemDefault());
    private final Environment env;
    private char[] passphrase;
    private int level = 3;
    private Clock clock = Clock.systemUTC();
    private VolumeStore volumes;
    private List<String> volumeNames;
    private ContainerRuntime runtime;
    private SecretStore secrets;
    private List<String> services = List.of();
    private List<BackupContributor> contributors;
    private RollbackListener listener = RollbackListener.NONE;
    private String runId = "";
    private boolean consistent;
    private boolean partial;
    private final List<String> leftOut = new ArrayList<>();
    private List<String> knownLeftOut = List.of();
    private Connections connections;
    private boolean noVolumes;

    private Backups(Environment env) {
        this.env = env;
    }

    public static Backups in(Environment env) {
        return new Backups(env);
    }

    /** Encrypts every artifact with a key derived from this passphrase (read it with {@link Passphrases}). */
    public Backups withPassphrase(char[] passphrase) {
        this.passphrase = passphrase.clone();
        return this;
    }

    /** zstd level, 1-19 (default 3). */
    public Backups withCompressionLevel(int level) {
        this.level = level;
        return this;
    }

    /**
     * Archives named volumes through this store: the ones named, or (null) every volume of the catalog that exists
     * on the engine.
     */
    public Backups withVolumes(VolumeStore store, List<String> names) {
        this.volumes = store;
        this.volumeNames = names == null ? null : List.copyOf(names);
        return this;
    }

    /**
     * The engine and the secret store come from these connections, unless given ({@link #withRuntime},
     * {@link #withSecrets}, {@link #withVolumes(VolumeStore, List)}): the engine archives the volumes and the store
     * gives the contributors their credentials. Without an engine, a backup of an environment with volumes is refused
     * with an {@link dev.rollback.errors.IncompleteBackupException}, or ({@link #partial()}) leaves them out with a
     * warning. The caller closes them.
     */
    public Backups withConnections(Connections connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
        return this;
    }

    /** Archives only these volumes (engine names; null: every volume of the catalog that exists) through the engine. */
    public Backups withVolumes(List<String> names) {
        this.volumeNames = names == null ? null : List.copyOf(names);
        return this;
    }

    /** Leaves volumes out: no engine is needed for them. */
    public Backups withoutVolumes() {
        this.noVolumes = true;
        this.volumes = null;
        this.volumeNames = List.of();
        return this;
    }

    /** The container engine contributors reach services through (and that stops them for {@link #consistent()}). */
    public Backups withRuntime(ContainerRuntime runtime) {
        this.runtime = runtime;
        return this;
    }

    /** Where contributors read service credentials ({@code secret/<service>}). */
    public Backups withSecrets(SecretStore secrets) {
        this.secrets = secrets;
        return this;
    }

    /** Only these services' contributed artifacts (database dumps...); default all. */
    public Backups withServices(List<String> names) {
        this.services = names == null ? List.of() : List.copyOf(names);
        return this;
    }

    /**
     * The contributors whose artifacts go into the set (default: every {@link BackupContributor} on the class path;
     * an empty list for none).
     */
    public Backups withContributors(List<BackupContributor> list) {
        this.contributors = List.copyOf(list);
        return this;
    }

    /**
     * Told of each artifact's progress ({@code ARTIFACT_*} events) and, as {@code NOTE}s, of services stopped and
     * started and parts left out; of the restarted services' states while they are waited for
     * ({@code HEALTH_STATE}).
     */
    public Backups withListener(RollbackListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * Stops the running services that use the archived volumes while they are archived (after the database dumps,
     * which need them running), and starts them again afterwards, even when the backup fails, waiting for health.
     * Needs {@link #withRuntime}.
     */
    public Backups consistent() {
        this.consistent = true;
        return this;
    }

    /**
     * Writes the set even when a part the environment declares cannot be taken (a database that does not answer, a
     * sealed Vault), leaving it out with a note; by default such a backup fails with an
     * {@link dev.rollback.errors.IncompleteBackupException} and writes nothing. A set without a part fails COMPLETENESS,
     * and a rollback that asks for that part refuses it at preflight.
     */
    public Backups partial() {
        this.partial = true;
        return this;
    }

    /**
     * Parts the caller knows this partial backup cannot take (the volumes when no engine answers), recorded in the
     * manifest as left out with what the contributors could not take.
     */
    public Backups leavingOut(List<String> parts) {
        this.knownLeftOut = List.copyOf(parts);
        return this;
    }

    /** What the last {@link #create()} of a {@link #partial()} backup left out, as {@code kind:service} keys. */
    public List<String> leftOut() {
        return List.copyOf(leftOut);
    }

    public Backups withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * What a complete backup of this environment holds, by kind (and volume): with a volume store, the catalog's
     * volumes that exist on the engine; without one, all of the catalog's.
     */
    public static Set<String> expected(Environment env, VolumeStore store) {
        Set<String> out = expected(env);
        if (store != null) {
            env.catalog().volumes().stream()
                    .filter(v -> !store.volumeExists(v.name()))
                    .forEach(v -> out.remove("volume:" + v.name()));
        }
        return out;
    }

    /** What a complete backup of this environment holds, by kind (and service/volume). */
    public static Set<String> expected(Environment env) {
        Set<String> out = new LinkedHashSet<>();
        if (Files.exists(env.projectDir().resolve(".git"))) {
            out.add("git-head");
        }
        if (Files.isRegularFile(env.envFile())) {
            out.add("env");
        }
        if (Files.isDirectory(env.vaultKeyDir())) {
            out.add("vault-keys");
        }
        env.catalog().volumes().forEach(v -> out.add("volume:" + v.name()));
        BackupContributors.all().forEach(c -> out.addAll(c.expected(env)));
        return out;
    }

    /**
     * The set named by {@code id}: its id under the backup root ({@code 20251114_085001}), {@code latest} (or null)
     * for the newest, or a directory (an older layout such as the runbook's {@code backups/20251114_manual}).
     */
    public BackupSet find(String id) {
        if (id == null || id.equals("latest")) {
            return list().stream()
                    .findFirst()
                    .orElseThrow(() -> new RollbackException(
                            "no backup set in " + env.backupRoot() + "; take one with: rollback backup"));
        }
        Path byId = env.backupRoot().resolve(id);
        if (Files.isDirectory(byId)) {
            return BackupSet.open(byId);
        }
        Path asPath = Path.of(id).toAbsolutePath();
        if (Files.isDirectory(asPath)) {
            return BackupSet.open(asPath);
        }
        throw new RollbackException(
                "no backup set '" + id + "' in " + env.backupRoot() + "; list them with: " + "rollback backups");
    }

    /**
     * The set's key when it is encrypted, from the environment's passphrase ({@link Passphrases#require}), else
     * null; a usage error when it is encrypted and no passphrase is there.
     */
    public BackupKey key(BackupSet set) {
        if (set.manifest().encryption() == null) {
            return null;
        }
        char[] pass = Passphrases.require(env, "backup set " + set.manifest().id() + " is encrypted and");
        try {
            return set.key(pass);
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    /**
     * What verifying {@code set} at {@code level} uses in this environment: its key when the level decrypts
     * ({@link #key}), the parts the environment expects (its volumes as the engine has them), and the engine of the
     * connections with, for RESTORE_DRILL only, their secret store (only the drill reads service credentials, for
     * scratch databases).
     *
     * <p>{@code VerificationReport r = set.verify(level, Backups.in(env).withConnections(c).verifyOptions(set, level));}
     */
    public VerifyOptions verifyOptions(BackupSet set, VerifyLevel level) {
        BackupKey key = level.compareTo(VerifyLevel.DECRYPT) >= 0 ? key(set) : null;
        Optional<ContainerRuntime> rt = connections == null ? Optional.empty() : connections.engine();
        Optional<SecretStore> store =
                connections != null && level == VerifyLevel.RESTORE_DRILL ? connections.secrets() : Optional.empty();
        VolumeStore volumeStore = rt.filter(VolumeStore.class::isInstance)
                .map(VolumeStore.class::cast)
                .orElse(null);
        return VerifyOptions.defaults()
                .withKey(key)
                .expecting(expected(env, volumeStore))
                .withVolumes(volumeStore)
                .withContext(new BackupContext(env, rt, Optional.ofNullable(volumeStore), store, List.of()));
    }

    /** The finished sets under the backup root, newest first. */
    public List<BackupSet> list() {
        if (!Files.isDirectory(env.backupRoot())) {
            return List.of();
        }
        List<BackupSet> sets = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(env.backupRoot())) {
            for (Path d : dirs.filter(Files::isDirectory)
                    .sorted(Comparator.reverseOrder())
                    .toList()) {
                if (!d.getFileName().toString().endsWith(BackupWriter.PARTIAL) && BackupSet.looksLikeSet(d)) {
                    sets.add(BackupSet.open(d));
                }
            }
        } catch (IOException e) {
            throw new RollbackException("cannot list " + env.backupRoot() + ": " + e.getMessage(), e);
        }
        return sets;
    }

    /**
     * The sets a prune would delete: all but the newest {@code keep}, those younger than {@code keepDays} and the
     * newest set whose last verification passed (never deleted, whatever the rules say). Oldest first.
     */
    public List<BackupSet> pruneCandidates(int keep, int keepDays) {
        if (keep < 0 || keepDays < 0) {
            throw new UsageException("prune needs --keep and --keep-days of 0 or more");
        }
        List<BackupSet> sets = list();
        Instant cutoff = clock.instant().minus(Duration.ofDays(keepDays));
        Optional<BackupSet> newestVerified = sets.stream()
                .filter(b ->
                        b.lastVerification().map(BackupSet.Verification::passed).orElse(false))
                .findFirst();
        List<BackupSet> out = new ArrayList<>();
        for (int i = keep; i < sets.size(); i++) {
            BackupSet b = sets.get(i);
            boolean young = b.manifest().created().isAfter(cutoff);
            boolean verified = newestVerified.map(v -> v.dir().equals(b.dir())).orElse(false);
            if (!young && !verified && !b.isLegacy()) {
                out.add(b);
            }
        }
        Collections.reverse(out);
        return out;
    }

    /**
     * The {@code <id>.partial} folders of backups that were stopped before they finished (killed, or the machine
     * went down): never restorable, only taking room; those being written by a running backup are not listed.
     * {@link #prune} deletes them.
     *
     * @return per folder, its name, its size in bytes and when it last changed, oldest first
     */
    public List<InterruptedSet> interrupted() {
        return PartialSets.abandoned(env.backupRoot(), clock.instant());
    }

    /** A folder a stopped backup left ({@link #interrupted}). */
    public record InterruptedSet(String name, long bytes, Instant modified) {}

    /**
     * What {@link #prune} deletes, in its order: the {@link #interrupted} folders, then the
     * {@link #pruneCandidates}; by name (a folder's, a set's id) with where it is.
     */
    public Map<String, Path> pruneTargets(int keep, int keepDays) {
        Map<String, Path> out = new LinkedHashMap<>();
        interrupted().forEach(i -> out.put(i.name(), env.backupRoot().resolve(i.name())));
        pruneCandidates(keep, keepDays).forEach(b -> out.put(b.manifest().id(), b.dir()));
        return out;
    }

    /** Deletes the {@link #pruneTargets}; returns their names. */
    public List<String> prune(int keep, int keepDays) {
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, Path> t : pruneTargets(keep, keepDays).entrySet()) {
            try {
                FileTrees.delete(t.getValue());
                gone.add(t.getKey());
            } catch (IOException e) {
                throw new RollbackException(
                        "cannot delete backup set " + t.getKey() + " in " + env.backupRoot() + " (" + e.getMessage()
                                + "); deleted so far: " + gone,
                        e);
            }
        }
        return gone;
    }

    /**
     * Takes the snapshot under the environment's lock (a rollback running is refused with exit 5, naming it); a
     * failure leaves no set behind (and never a complete-looking one).
     */
    public BackupSet create() {
        connect();
        // one run at a time: a backup taken while a rollback changes the environment would hold half of each
        try (EnvironmentLock lock = EnvironmentLock.acquire(env.stateDir(), "backup of " + env.projectName())) {
            return createHoldingTheLock();
        }
    }

    /**
     * Takes the engine and the secret store from the connections, when given: the store opens on another thread
     * while the engine's client is set up on this one (each is a few hundred ms of a cold JVM's start).
     */
    private void connect() {
        if (connections == null) {
            return;
        }
        boolean wantsSecrets = secrets == null && (contributors == null || !contributors.isEmpty());
        CompletableFuture<Optional<SecretStore>> opening = wantsSecrets
                ? CompletableFuture.supplyAsync(connections::secrets)
                : CompletableFuture.completedFuture(Optional.empty());
        Optional<ContainerRuntime> rt = runtime != null ? Optional.of(runtime) : connections.engine();
        try {
            opening.join().ifPresent(s -> secrets = s);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        rt.ifPresent(r -> runtime = r);
        if (noVolumes || volumes != null) {
            return;
        }
        if (rt.isPresent() && rt.get() instanceof VolumeStore store) {
            volumes = store;
        } else if (volumeNames != null || !env.catalog().volumes().isEmpty()) {
            List<String> names = env.catalog().volumes().stream()
                    .map(v -> "volume:" + v.name())
                    .toList();
            if (!partial) {
                throw new IncompleteBackupException(
                        names,
                        "no container engine answered, so the "
                                + "project's volumes cannot be archived; nothing was written; start dockerd (or set "
                                + "DOCKER_HOST), leave them out with --no-volumes, or write the rest with --partial");
            }
            listener.on(RollbackEvent.warning(
                    runId,
                    "no container engine answered: volumes are not in this backup (--partial)",
                    clock.instant()));
            List<String> known = new ArrayList<>(knownLeftOut);
            known.addAll(names);
            knownLeftOut = List.copyOf(known);
        }
    }

    private BackupSet createHoldingTheLock() {
        if (consistent && runtime == null) {
            throw new RollbackException("a consistent backup stops services while their volumes are archived, and no "
                    + "container engine answered; start Docker or leave out --consistent");
        }
        Instant now = clock.instant();
        String id = uniqueId(now);
        runId = id;
        leftOut.clear();
        leftOut.addAll(knownLeftOut);
        LocalExcludes.ensure(env); // a set inside the work tree never enters a stash
        List<String> toArchive = volumesToArchive();
        // the volumes' helpers start while the JIT warms up, the key is derived and the small artifacts are written
        try (VolumeStore.Prepared ready =
                toArchive.isEmpty() ? VolumeStore.Prepared.NONE : volumes.prepareArchives(toArchive)) {
            JitWarmUp.start();
            BackupKey key = null;
            BackupManifest.EncryptionInfo enc = null;
            if (passphrase != null) {
                byte[] salt = BackupKey.newSalt();
                key = BackupKey.derive(passphrase, salt, BackupKey.ITERATIONS);
                enc = new BackupManifest.EncryptionInfo(
                        "AES-256-GCM",
                        BackupKey.KDF,
                        BackupKey.ITERATIONS,
                        Base64.getEncoder().encodeToString(salt));
            }
            try (BackupWriter w = BackupWriter.create(env.backupRoot(), id, key, enc, level)
                    .withListener(listener)
                    .withClock(clock)) {
                BackupManifest.GitInfo git = addGit(w);
                if (Files.isRegularFile(env.envFile())) {
                    w.add("env", null, "env.zst", "copy", out -> Files.copy(env.envFile(), out), Map.of());
                }
                if (Files.isDirectory(env.vaultKeyDir())) {
                    addKeyDirectory(w);
                }
                BackupContext plain = new BackupContext(
                        env,
                        Optional.ofNullable(runtime),
                        Optional.ofNullable(volumes),
                        Optional.ofNullable(secrets),
                        services);
                BackupContext ctx = partial ? plain.allowingPartial() : plain;
                for (BackupContributor c : contributors == null ? BackupContributors.all() : contributors) {
                    Set<String> left = new TreeSet<>(c.expected(env));
                    left.removeIf(k -> !ctx.includes(k.substring(k.indexOf(':') + 1)));
                    for (ArtifactSource source : c.sources(ctx)) {
                        w.add(source);
                        left.remove(source.kind() + ":" + source.service());
                    }
                    if (!left.isEmpty() && !partial) {
                        throw new IncompleteBackupException(
                                List.copyOf(left),
                                "backup of "
                                        + env.projectName() + " refused: " + String.join(", ", left) + " could not be "
                                        + "taken; nothing was written; start what is missing and back up again, or take a "
                                        + "partial backup without it (--partial)");
                    }
                    leftOut.addAll(left);
                    if (!left.isEmpty()) {
                        note("left out (not reachable, --partial): " + String.join(", ", left)
                                + "; this set fails COMPLETENESS and a rollback asking for these parts refuses it");
                    }
                }
                try (ConsistentCopy copy =
                        consistent ? ConsistentCopy.stop(env, runtime, toArchive, this::note, listener) : null) {
                    for (String volume : toArchive) {
                        w.add(
                                "volume",
                                volume,
                                "volume-" + volume + ".tar.zst",
                                "docker archive",
                                out -> volumes.archiveVolume(volume, out),
                                Map.of());
                    }
                }
                return w.commit(
                        new BackupManifest.EnvironmentInfo(env.projectName(), composeHash()),
                        git,
                        now,
                        toolVersion(),
                        leftOut);
            }
        } catch (IOException e) {
            throw new RollbackException("backup of " + env.projectName() + " failed: " + e.getMessage(), e);
        }
    }

    /** A line for the user, as a {@code NOTE} of this backup. */
    private void note(String message) {
        listener.on(RollbackEvent.note(runId, message, clock.instant()));
    }

    /**
     * The Vault key directory as the {@code vault-keys} artifact. A key directory that is a link is followed on
     * purpose, and a note says to where; one that holds no file is never stored as an empty copy: the backup is
     * refused as incomplete, or, {@link #partial()}, leaves it out.
     */
    private void addKeyDirectory(BackupWriter w) throws IOException {
        Path keyDir = env.vaultKeyDir();
        if (Files.isSymbolicLink(keyDir)) {
            Path target = keyDir.toRealPath();
            note("the Vault key directory " + keyDir + " is a link to " + target + "; the keys were copied "
                    + "from there");
            keyDir = target;
        }
        List<String> files = KeyDirectoryTar.files(keyDir);
        if (files.isEmpty()) {
            String what = "the Vault key directory " + keyDir + " holds no files";
            if (!partial) {
                throw new IncompleteBackupException(
                        List.of("vault-keys"),
                        "backup of "
                                + env.projectName() + " refused: " + what + "; nothing was written; put Vault's keys "
                                + "(keys.json, root-token) back there, or take a partial backup without them (--partial)");
            }
            leftOut.add("vault-keys");
            note("left out (--partial): vault-keys, " + what + "; this set fails COMPLETENESS");
            return;
        }
        List<String> lacking = KeyDirectoryTar.REQUIRED.stream()
                .filter(f -> !files.contains(f))
                .toList();
        if (!lacking.isEmpty()) {
            note("the Vault key directory " + keyDir + " lacks " + String.join(", ", lacking) + "; the copy "
                    + "fails COMPLETENESS, and a rollback from it cannot unseal Vault");
        }
        List<String> links = KeyDirectoryTar.links(keyDir);
        if (!links.isEmpty()) {
            note("links in the Vault key directory are not copied: " + String.join(", ", links));
        }
        Path dir = keyDir;
        w.add(
                "vault-keys",
                null,
                "vault-keys.tar.zst",
                "tar",
                out -> KeyDirectoryTar.write(dir, out),
                Map.of(
                        "files",
                        Integer.toString(files.size()),
                        "keys",
                        String.join(
                                ",",
                                KeyDirectoryTar.REQUIRED.stream()
                                        .filter(files::contains)
                                        .toList())));
    }

    private List<String> volumesToArchive() {
        if (volumes == null) {
            return List.of();
        }
        if (volumeNames != null) {
            for (String v : volumeNames) {
                if (!volumes.volumeExists(v)) {
                    throw new RollbackException(
                            "volume " + v + " does not exist on the engine; nothing was backed up " + "(known: "
                                    + env.catalog().volumes().stream()
                                            .map(x -> x.name())
                                            .toList() + ")");
                }
            }
            return volumeNames;
        }
        return env.catalog().volumes().stream()
                .map(v -> v.name())
                .filter(volumes::volumeExists)
                .toList();
    }

    private BackupManifest.GitInfo addGit(BackupWriter w) {
        if (!Files.exists(env.projectDir().resolve(".git"))) {
            return new BackupManifest.GitInfo(null, null, false);
        }
        try (GitRepository repo = GitRepository.open(env.projectDir())) {
            String commit = repo.head().id();
            String branch = repo.currentBranch().orElse(null);
            WorkTreeStatus st = repo.status();
            w.add(
                    "git-head",
                    null,
                    "git-head.zst",
                    "jgit",
                    out -> out.write(
                            (commit + "\n" + (branch == null ? "" : branch) + "\n").getBytes(StandardCharsets.UTF_8)),
                    Map.of("commit", commit));
            if (!st.clean()) {
                String patch = repo.diffPatch();
                w.add(
                        "git-patch",
                        null,
                        "git-patch.diff.zst",
                        "jgit",
                        out -> out.write(patch.getBytes(StandardCharsets.UTF_8)),
                        Map.of());
                if (!st.untracked().isEmpty()) {
                    w.add(
                            "git-untracked",
                            null,
                            "git-untracked.txt.zst",
                            "jgit",
                            out -> out.write(
                                    (String.join("\n", st.untracked()) + "\n").getBytes(StandardCharsets.UTF_8)),
                            Map.of("files", Integer.toString(st.untracked().size())));
                }
            }
            return new BackupManifest.GitInfo(commit, branch, !st.clean());
        }
    }

    private String uniqueId(Instant now) {
        String base = ID.format(now);
        String id = base;
        for (int i = 2;
                Files.exists(env.backupRoot().resolve(id))
                        || Files.exists(env.backupRoot().resolve(id + BackupWriter.PARTIAL));
                i++) {
            id = base + "-" + i;
        }
        return id;
    }

    private String composeHash() throws IOException {
        MessageDigest md = Sha256.digest();
        for (Path f : env.composeFiles()) {
            md.update(Files.readAllBytes(f));
        }
        return Sha256.hex(md);
    }

    private static String toolVersion() {
        String v = Backups.class.getPackage().getImplementationVersion();
        return "rollback " + (v == null ? "development" : v);
    }
}
