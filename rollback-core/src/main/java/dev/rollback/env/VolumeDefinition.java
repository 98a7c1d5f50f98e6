package dev.rollback.env;

/**
 * A named volume of the compose project.
 *
 * <p>{@code catalog.volumes().get(0).name() // devstack-core_postgres_data}
 *
 * @param key the key under the compose file's top-level {@code volumes:}
 * @param name the engine's volume name ({@code <project>_<key>} unless {@code name:} or external says otherwise)
 * @param external whether compose expects it to exist already
 */
public record VolumeDefinition(String key, String name, boolean external) {}
