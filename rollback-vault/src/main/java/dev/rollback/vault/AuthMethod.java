package dev.rollback.vault;

/**
 * One enabled auth method of {@code sys/auth}.
 *
 * <p>{@code client.authMethods().stream().anyMatch(m -> m.type().equals("approle"))}
 *
 * @param path its mount path without the trailing slash ({@code approle})
 * @param type its type ({@code approle}, {@code token})
 * @param accessor its accessor
 * @param description its description
 */
public record AuthMethod(String path, String type, String accessor, String description) {}
