package dev.rollback.spi;

import dev.rollback.env.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The live checks every provider on the class path offers an environment.
 *
 * <p>{@code for (LiveCheck c : LiveChecks.of(env)) { ... }}
 */
public final class LiveChecks {
    private LiveChecks() {}

    public static List<LiveCheck> of(Environment env) {
        List<LiveCheck> out = new ArrayList<>();
        for (LiveCheckProvider p : ServiceLoader.load(LiveCheckProvider.class)) {
            out.addAll(p.checks(env));
        }
        return out;
    }
}
