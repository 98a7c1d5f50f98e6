package dev.rollback.security;

import dev.rollback.env.ServiceDefinition;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.service.InitScriptCheckStep;
import dev.rollback.steps.FilesRestoreStep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes (or, when no service is left on root-token, removes) {@code .rollback/security-override.yml} and the
 * {@code .rollback/vault-token.env} it reads {@code VAULT_TOKEN} from. The previous files are kept in the run's
 * safety directory and recorded as the step's undo. The token is read from the key directory's
 * {@code root-token} and written only to the 0600 env file: never to the override, a message or an argument.
 *
 * <p>{@code new SecurityOverrideStep(List.of(postgres), List.of(postgres), keyDir.resolve("root-token"))}
 */
public final class SecurityOverrideStep implements Step {
    private final List<ServiceDefinition> onRootToken;
    private final List<ServiceDefinition> switched;
    private final Path rootTokenFile;
    private final String text;

    /**
     * @param onRootToken every service that uses root-token auth after the step (empty removes the override)
     * @param toRootToken the services this run moves to root-token, whose init.sh preflight checks
     * @param rootTokenFile the key directory's {@code root-token}
     */
    public SecurityOverrideStep(
            List<ServiceDefinition> onRootToken, List<ServiceDefinition> toRootToken, Path rootTokenFile) {
        this.onRootToken = List.copyOf(onRootToken);
        this.switched = List.copyOf(toRootToken);
        this.rootTokenFile = rootTokenFile;
        this.text = onRootToken.isEmpty() ? "" : SecurityOverride.render(onRootToken);
    }

    @Override
    public String name() {
        return "security-override";
    }

    /** The override's text this step writes; empty when it removes the override. */
    public String overrideText() {
        return text;
    }

    @Override
    public String describe() {
        if (onRootToken.isEmpty()) {
            return "remove " + SecurityOverride.FILE + " and " + SecurityOverride.TOKEN_ENV_FILE
                    + ": every service back on its compose entrypoint (AppRole)";
        }
        StringBuilder b = new StringBuilder("write " + SecurityOverride.FILE + " (VAULT_TOKEN in "
                + SecurityOverride.TOKEN_ENV_FILE + ", mode 0600, from " + rootTokenFile.getFileName() + "):");
        text.lines().forEach(l -> b.append("\n         | ").append(l));
        return b.toString();
    }

    @Override
    public List<String> touches() {
        return List.of(
                SecurityOverride.FILE + " (the previous one is kept in the run's safety directory)",
                SecurityOverride.TOKEN_ENV_FILE + " (holds the root token; mode 0600)");
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        List<Problem> out = new ArrayList<>();
        Path project = ctx.environment().projectDir();
        try {
            SecurityOverride.servicesIn(project.resolve(SecurityOverride.FILE));
        } catch (RollbackException e) {
            out.add(Problem.blocking("security-override", e.getMessage(), "move the file aside"));
        }
        if (!onRootToken.isEmpty()) {
            try {
                readToken();
            } catch (RollbackException e) {
                out.add(Problem.blocking(
                        "root-token",
                        e.getMessage(),
                        "restore the Vault key directory (" + rootTokenFile.getParent()
                                + ") from a backup, or run Vault's init again"));
            }
        }
        for (ServiceDefinition s : switched) {
            String script = SecurityOverride.initScript(s);
            Path file = project.resolve(script);
            if (!Files.isRegularFile(file)) {
                out.add(Problem.blocking(
                        s.name(),
                        script + " does not exist; root-token auth needs it",
                        "restore it: git checkout <reference commit> -- " + script));
                continue;
            }
            try {
                for (Problem p :
                        InitScriptCheckStep.problems(s, script, Files.readString(file, StandardCharsets.UTF_8))) {
                    out.add(Problem.blocking(p.subject(), p.found(), p.advice()));
                }
            } catch (IOException e) {
                out.add(Problem.blocking(s.name(), "cannot read " + script + ": " + e.getMessage(), "fix its mode"));
            }
            if (!Files.isExecutable(file)) {
                out.add(Problem.blocking(
                        s.name(), script + " is not executable; the entrypoint would fail", "chmod 755 " + script));
            }
        }
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        Path project = ctx.environment().projectDir();
        Path override = project.resolve(SecurityOverride.FILE);
        Path tokenEnv = project.resolve(SecurityOverride.TOKEN_ENV_FILE);
        try {
            boolean had = Files.exists(override);
            Path kept = FilesRestoreStep.keepBeforeChange(
                    ctx,
                    "security-override",
                    SecurityOverride.FILE + " and " + SecurityOverride.TOKEN_ENV_FILE + " back as they were",
                    List.of(override, tokenEnv));
            if (had) {
                ctx.note("previous " + SecurityOverride.FILE + " kept in " + project.relativize(kept));
            }
            if (onRootToken.isEmpty()) {
                Files.deleteIfExists(override);
                Files.deleteIfExists(tokenEnv);
                ctx.note("removed " + SecurityOverride.FILE + " and " + SecurityOverride.TOKEN_ENV_FILE);
                return;
            }
            String token = readToken();
            SecureFiles.createPrivateDirectories(project.resolve(SecurityOverride.VOID_DIR));
            writePrivate(tokenEnv, "VAULT_TOKEN=" + token + "\n");
            writePrivate(override, text);
            ctx.note("wrote " + SecurityOverride.FILE + " for "
                    + String.join(
                            ", ",
                            onRootToken.stream().map(ServiceDefinition::name).toList()));
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot write " + SecurityOverride.FILE + ": " + e.getMessage()
                            + "; docker-compose.yml was not touched",
                    e);
        }
    }

    @Override
    public boolean canUndo() {
        return true;
    }

    /** The root token, checked to be one non-empty line; the message never includes it. */
    private String readToken() {
        if (!Files.isRegularFile(rootTokenFile)) {
            throw new RollbackException(rootTokenFile + " does not exist; root-token auth needs Vault's root token");
        }
        String token;
        try {
            token = Files.readString(rootTokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new RollbackException("cannot read " + rootTokenFile + ": " + e.getMessage(), e);
        }
        if (token.isEmpty()) {
            throw new RollbackException(rootTokenFile + " is empty; root-token auth needs Vault's root token");
        }
        if (token.chars().anyMatch(Character::isWhitespace)) {
            throw new RollbackException(rootTokenFile + " holds more than one token (whitespace inside)");
        }
        return token;
    }

    /** Writes a 0600 file in a 0700 directory: a temp file created 0600, then moved over the target. */
    static void writePrivate(Path target, String content) throws IOException {
        Path dir = SecureFiles.createPrivateDirectories(target.toAbsolutePath().getParent());
        Path tmp;
        try {
            tmp = Files.createTempFile(
                    dir,
                    target.getFileName() + ".",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(SecureFiles.FILE_0600));
        } catch (UnsupportedOperationException e) {
            tmp = Files.createTempFile(dir, target.getFileName() + ".", ".tmp");
        }
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        SecureFiles.makePrivate(target);
    }
}
