package alf.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * A binding scope: the path of names ({@code actor}, or {@code agent.actor}) that prefixes keys so
 * two instances of one class can get different values. A parameter {@code p} of class {@code N}
 * built in scope {@code a.b} is looked up at {@code a.b.N.p}, then {@code a.N.p}, then {@code N.p};
 * the most specific key that is set wins.
 */
public record Scope(List<String> names) {

    /** The unscoped root. */
    public static final Scope ROOT = new Scope(List.of());

    /** Copies the names and checks each is non-empty. */
    public Scope {
        names = List.copyOf(names);
        for (String name : names) {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("scope names must be non-empty, got " + names);
            }
        }
    }

    /** Parses a dotted scope such as {@code "agent.actor"}; the empty string is {@link #ROOT}. */
    public static Scope parse(String dotted) {
        if (dotted.isEmpty()) {
            return ROOT;
        }
        try {
            return new Scope(ConfigUtil.splitPath(dotted));
        } catch (ConfigException e) {
            throw new ConfigBindingException("scope '" + dotted + "' is not a dotted path of names such as agent.actor", e);
        }
    }

    /** This scope extended by {@code child}'s names. */
    public Scope resolve(Scope child) {
        List<String> joined = new ArrayList<>(names);
        joined.addAll(child.names);
        return new Scope(joined);
    }

    /** The keys for {@code shortName.param}, most specific first, ending with the unscoped key. */
    List<List<String>> lookupPaths(String shortName, String param) {
        List<List<String>> paths = new ArrayList<>();
        for (int length = names.size(); length >= 0; length--) {
            List<String> path = new ArrayList<>(names.subList(0, length));
            path.add(shortName);
            path.add(param);
            paths.add(path);
        }
        return paths;
    }

    /** The dotted form, empty for the root. */
    @Override
    public String toString() {
        return names.isEmpty() ? "" : ConfigUtil.joinPath(names);
    }
}
