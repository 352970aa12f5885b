package alf.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads an experiment's configuration: HOCON files (each may {@code include} others, resolved
 * relative to it; later files win) and {@code --param Key=Value} overrides, which win over every
 * file. Values of overrides are HOCON, so {@code Adam.lr=1e-3}, {@code Net.sizes=[64,64]} and
 * {@code Sac.mode=deterministic} all work. Substitutions ({@code ${...}}) resolve after merging.
 */
public final class ConfigSources {

    private ConfigSources() {
    }

    /**
     * Parses, merges and resolves {@code files} and {@code params}.
     *
     * @throws ConfigBindingException for a missing file, a syntax error (with file and line), a
     *                                malformed override, or an unresolvable substitution
     */
    public static Config load(List<Path> files, List<String> params) {
        Config merged = ConfigFactory.empty();
        for (Path file : files) {
            merged = parseFile(file).withFallback(merged);
        }
        for (String param : params) {
            merged = parseParam(param).withFallback(merged);
        }
        try {
            return merged.resolve();
        } catch (ConfigException e) {
            throw new ConfigBindingException("cannot resolve configuration: " + e.getMessage(), e);
        }
    }

    /**
     * One HOCON file, with its includes.
     *
     * @throws ConfigBindingException saying what the path is when it is not a readable regular file
     *                                (missing, a directory, a device, a FIFO), and naming the including
     *                                file and line when a required include is missing
     */
    public static Config parseFile(Path file) {
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new ConfigBindingException("config file " + absolute + " " + notARegularFile(absolute));
        }
        if (!Files.isReadable(absolute)) {
            throw new ConfigBindingException("config file " + absolute + " is not readable (permission denied)");
        }
        try {
            return ConfigFactory.parseFile(absolute.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException.IO e) {
            throw new ConfigBindingException("cannot read config file " + absolute + ": "
                    + IncludeSites.describe(absolute, e) + e.getMessage().replaceAll("[\\w.$]+Exception: ", ""), e);
        } catch (ConfigException e) {
            throw new ConfigBindingException("cannot parse config file: " + e.getMessage(), e);
        }
    }

    /** What a path that is not a regular file is, for the error message. */
    private static String notARegularFile(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return "not found";
        }
        if (!Files.exists(path)) {
            return "is a broken symbolic link";
        }
        if (Files.isDirectory(path)) {
            return "is a directory, not a file";
        }
        try {
            Object fileKind = Files.readAttributes(path, "unix:mode").get("mode");
            if (fileKind instanceof Integer mode) {
                return switch (mode & 0170000) {
                    case 0010000 -> "is a named pipe (FIFO), not a regular file";
                    case 0020000 -> "is a character device, not a regular file";
                    case 0060000 -> "is a block device, not a regular file";
                    case 0140000 -> "is a socket, not a regular file";
                    default -> "is not a regular file";
                };
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix attributes on this file system: fall through to the generic description
        }
        return "is not a regular file";
    }

    /**
     * One {@code Key=Value} override: the key is a HOCON path, the value a HOCON value; its origin
     * reads {@code --param Key=Value} in error messages.
     */
    public static Config parseParam(String param) {
        int equals = param.indexOf('=');
        if (equals <= 0) {
            throw new ConfigBindingException("--param '" + param + "' must have the form Key=Value, e.g. Adam.lr=1e-3");
        }
        String key = param.substring(0, equals).trim();
        String valueText = param.substring(equals + 1).trim();
        try {
            ConfigUtil.splitPath(key);
            ConfigValue value = ConfigFactory.parseString("v = " + valueText,
                    ConfigParseOptions.defaults().setOriginDescription("--param " + param)).root().get("v");
            if (value == null) {
                throw new ConfigBindingException("--param '" + param + "' has no value after '='");
            }
            return ConfigFactory.empty().withValue(key, value);
        } catch (ConfigException e) {
            throw new ConfigBindingException("--param '" + param + "' is not Key=Value in HOCON: " + e.getMessage(), e);
        }
    }
}
