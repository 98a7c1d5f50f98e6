package dev.rollback.service;

import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.git.GitRepository;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a service's init script as it will be after the rollback (the reference commit's when it is reverted):
 * an entrypoint wrapper must hand over with {@code exec docker-entrypoint.sh "$@"}, and a MongoDB init must give
 * the container both {@code MONGO_INITDB_ROOT_USERNAME} and {@code MONGO_INITDB_ROOT_PASSWORD}.
 *
 * <p>{@code new InitScriptCheckStep(catalog.require("mongodb"), Optional.of("80f7072"))}
 */
public final class InitScriptCheckStep implements Step {
    private static final Pattern EXEC =
            Pattern.compile("^\\s*exec\\s+(\\S*docker-entrypoint\\.sh)(.*)$", Pattern.MULTILINE);
    private final ServiceDefinition service;
    private final Optional<String> fromCommit;

    /**
     * @param service the service whose init script is checked
     * @param fromCommit the commit the script will come from, or empty to check the work tree's
     */
    public InitScriptCheckStep(ServiceDefinition service, Optional<String> fromCommit) {
        this.service = service;
        this.fromCommit = fromCommit;
    }

    @Override
    public String name() {
        return "check-init";
    }

    @Override
    public String describe() {
        return "check " + script() + fromCommit.map(c -> " (as of " + c + ")").orElse("")
                + " hands over with \"$@\""
                + (service.kind() == ServiceKind.MONGODB
                        ? " and sets MONGO_INITDB_ROOT_USERNAME and MONGO_INITDB_ROOT_PASSWORD"
                        : "");
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        Optional<String> text = read(ctx);
        if (text.isEmpty()) {
            return List.of();
        }
        return problems(service, script(), text.get());
    }

    /** The problems of one init script's text; public for the validation checklist. */
    public static List<Problem> problems(ServiceDefinition service, String script, String text) {
        List<Problem> out = new ArrayList<>();
        Matcher m = EXEC.matcher(text);
        while (m.find()) {
            if (!m.group(2).contains("\"$@\"")) {
                out.add(Problem.warning(
                        service.name(),
                        script + " hands over with 'exec " + m.group(1) + m.group(2)
                                + "', which drops the compose command's arguments (its -c flags and options)",
                        "end the wrapper with: exec docker-entrypoint.sh \"$@\""));
            }
        }
        if (service.kind() == ServiceKind.MONGODB) {
            for (String var : List.of("MONGO_INITDB_ROOT_USERNAME", "MONGO_INITDB_ROOT_PASSWORD")) {
                if (!text.contains(var) && !service.environment().containsKey(var)) {
                    out.add(Problem.blocking(
                            service.name(),
                            script + " does not set " + var + " and the compose "
                                    + "file does not either; the MongoDB container fails to start without it",
                            "export both MONGO_INITDB_ROOT_USERNAME and MONGO_INITDB_ROOT_PASSWORD (from Vault's "
                                    + "secret/mongodb) in the init script"));
                }
            }
        }
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        ctx.note(read(ctx).isPresent() ? script() + " checked" : "no " + script() + " to check");
    }

    private String script() {
        return service.configDir()
                .map(d -> d + "/scripts/init.sh")
                .orElse("configs/" + service.name() + "/scripts/init.sh");
    }

    private Optional<String> read(StepContext ctx) {
        try {
            if (fromCommit.isPresent()) {
                try (GitRepository repo = GitRepository.open(ctx.environment().projectDir())) {
                    return repo.resolve(fromCommit.get())
                            .flatMap(c -> repo.readFile(c.id(), script()))
                            .map(b -> new String(b, StandardCharsets.UTF_8));
                }
            }
            Path file = ctx.environment().projectDir().resolve(script());
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException | RollbackException e) {
            return Optional.empty();
        }
    }
}
