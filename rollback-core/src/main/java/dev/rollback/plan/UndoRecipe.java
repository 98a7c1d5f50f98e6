package dev.rollback.plan;

import dev.rollback.errors.RollbackException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to reverse one thing a step changed, written to the run's undo log ({@code undo.jsonl}) at the moment the
 * step has made its safety copy, so that a new process can undo the run from its folder alone. A recipe names
 * forward steps, not code: the kinds below become steps of an undo plan (preflighted and journaled like any plan,
 * so an undo can itself be undone). Fields are paths, names and ids, never secrets: a secret's old value goes to a
 * 0600 file in the safety folder, and the recipe names the file.
 *
 * <p>{@code ctx.undoWith(UndoRecipe.of("git-reset", "HEAD back to 01eec5a", Map.of("commit", "01eec5a...")));}
 *
 * <p>Core kinds: {@code git-reset} (commit), {@code git-checkout} (branch), {@code git-stash-apply} (id, message),
 * {@code files} (target.N, copy.N: a copy's absence means the target did not exist), {@code directory} (name,
 * copy, target), {@code services-down} and {@code services-up} (services, comma-separated; running), {@code volumes}
 * (volume.N, archive.N). Other modules add kinds through {@link dev.rollback.spi.UndoStepFactory}.
 *
 * @param kind what reverses it
 * @param summary one line for the undo plan
 * @param fields what the reversing step needs
 */
public record UndoRecipe(String kind, String summary, Map<String, String> fields) {
    public UndoRecipe {
        fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    public static UndoRecipe of(String kind, String summary, Map<String, String> fields) {
        return new UndoRecipe(kind, summary, fields);
    }

    /** A field the recipe must have; an error naming the recipe when it lacks it (a damaged undo log). */
    public String field(String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new RollbackException("the undo log's '" + kind + "' entry (" + summary + ") has no " + name
                    + "; the run's folder is damaged: put back by hand from its safety folder");
        }
        return v;
    }

    /** Numbered fields {@code prefix.0, prefix.1, ...}, in order. */
    public List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 0; fields.containsKey(prefix + "." + i); i++) {
            out.add(fields.get(prefix + "." + i));
        }
        return out;
    }

    /** A comma-separated field as a list; empty when absent or blank. */
    public List<String> names(String name) {
        String v = fields.getOrDefault(name, "");
        return v.isBlank() ? List.of() : List.of(v.split(","));
    }
}
