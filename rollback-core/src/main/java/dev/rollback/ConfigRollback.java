package dev.rollback;

import dev.rollback.env.Environment;
import dev.rollback.errors.UsageException;
import dev.rollback.events.Scope;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.Step;
import dev.rollback.spi.Connections;
import dev.rollback.steps.EnvEditStep;
import dev.rollback.steps.EnvRestoreStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration-only rollback: {@code .env} restored from a copy and/or values set and removed.
 *
 * <p>{@code Rollback.in(home).config().set("POSTGRES_ENABLE_TLS", "false").unset("VAULT_TOKEN").execute();}
 */
public final class ConfigRollback extends RollbackBuilder<ConfigRollback> {
    private final Map<String, String> set = new LinkedHashMap<>();
    private final List<String> unset = new ArrayList<>();
    private Path envSource;

    ConfigRollback(Environment environment) {
        super(environment);
    }

    /** Sets {@code key=value} in {@code .env}. */
    public ConfigRollback set(String key, String value) {
        set.put(key, value);
        unset.remove(key);
        return this;
    }

    /** Removes {@code key} from {@code .env}. */
    public ConfigRollback unset(String key) {
        unset.add(key);
        set.remove(key);
        return this;
    }

    /** Replaces {@code .env} with this saved copy first (values set here apply on top). */
    public ConfigRollback restoringEnvFrom(Path envBackup) {
        this.envSource = envBackup;
        return this;
    }

    @Override
    protected RollbackPlan build(Connections connections) {
        List<Step> steps = new ArrayList<>();
        if (envSource != null) {
            steps.add(new EnvRestoreStep(envSource));
        }
        if (!set.isEmpty() || !unset.isEmpty()) {
            steps.add(new EnvEditStep(set, unset));
        }
        if (steps.isEmpty()) {
            throw new UsageException("a configuration rollback needs something to do: restoringEnvFrom(<file>), "
                    + "set(key, value) or unset(key)");
        }
        return new RollbackPlan(environment, Scope.CONFIG, "configuration rollback", steps, settings);
    }
}
