package dev.rollback.git;

/**
 * A stash entry.
 *
 * <p>{@code repo.stash("rollback-stash-20251114_0850").map(StashRef::message)}
 *
 * @param index its position ({@code stash@{index}})
 * @param id the stash commit id
 * @param message its message
 */
public record StashRef(int index, String id, String message) {}
