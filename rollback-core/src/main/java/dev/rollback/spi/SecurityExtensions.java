package dev.rollback.spi;

import dev.rollback.env.Environment;
import dev.rollback.errors.UsageException;
import dev.rollback.plan.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Collects the {@link SecurityExtension} steps on the class path.
 *
 * <p>{@code steps.addAll(SecurityExtensions.steps(environment, change));}
 */
public final class SecurityExtensions {
    private SecurityExtensions() {}

    /**
     * Every extension's steps, in class-path order; a {@link UsageException} when the cleanup was asked for and no
     * extension is there to do it.
     */
    public static List<Step> steps(Environment env, SecurityChange change) {
        List<Step> out = new ArrayList<>();
        int found = 0;
        for (SecurityExtension e : ServiceLoader.load(SecurityExtension.class)) {
            found++;
            out.addAll(e.steps(env, change));
        }
        if (change.cleanupAppRole() && found == 0) {
            throw new UsageException("the AppRole cleanup talks to Vault and needs rollback-vault on the class path "
                    + "(the rollback CLI has it)");
        }
        return out;
    }
}
