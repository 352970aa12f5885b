package alf.experiments.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a sweep runs: base experiment files, overrides shared by every trial, the axes whose cartesian product gives
 * the combinations, and the seeds each combination is trained with.
 *
 * <p>A sweep file holds one block, read here and never by the config binder (so the binder's unknown-key checks
 * apply to the experiment files unchanged):
 * <pre>
 * Sweep {                                   # or Comparison { ... } for `alf compare` (variants only, no grid)
 *   base = "sac_pendulum.conf"              # a file or a list of files, relative to this file
 *   params = [ "TrainerConfig.numEnvSteps = 5000" ]          # optional, applied to every trial
 *   variants {                              # optional: named groups of overrides, in name order
 *     Adam   = [ "algorithm.actorOptimizer = { class = Adam, lr = 3e-4, scope = actor }" ]
 *     AdamTF = [ "algorithm.actorOptimizer = { class = AdamTF, lr = 3e-4, scope = actor }" ]
 *   }
 *   grid {                                  # optional: values for any keys, one axis per key, in key order
 *     "algorithm.gamma" = [0.98, 0.99]
 *   }
 *   seeds = [0, 1, 2, 3, 4]                 # or a count n: seeds 0 .. n-1
 * }
 * </pre>
 * Overrides apply in the order base files → {@code params} → variant → grid values → the seed
 * ({@code TrainerConfig.seed}); later wins, and an object value merges with the one it overrides (HOCON rules).
 *
 * @param file      the sweep file (for messages and relative paths)
 * @param baseFiles the experiment files every trial starts from
 * @param params    overrides shared by every trial
 * @param axes      the axes (variants first, then grid keys); none means the base configuration alone
 * @param seeds     the seeds of every combination
 */
public record SweepSpec(Path file, List<Path> baseFiles, List<String> params, List<SweepAxis> axes, List<Long> seeds) {
    /** The block name of a sweep file. */
    public static final String SWEEP_BLOCK = "Sweep";
    /** The block name of a comparison file (a sweep over named variants only). */
    public static final String COMPARISON_BLOCK = "Comparison";
    /** The axis name of named variants. */
    public static final String VARIANT_AXIS = "variant";

    private static final Set<String> SWEEP_KEYS = Set.of("base", "params", "variants", "grid", "seeds");
    private static final Set<String> COMPARISON_KEYS = Set.of("base", "params", "variants", "seeds");

    public SweepSpec {
        if (baseFiles.isEmpty()) {
            throw new IllegalArgumentException(file + ": 'base' names no experiment file");
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException(file + ": 'seeds' is empty");
        }
        if (Set.copyOf(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException(file + ": 'seeds' repeats a seed: " + seeds);
        }
        baseFiles = List.copyOf(baseFiles);
        params = List.copyOf(params);
        axes = List.copyOf(axes);
        seeds = List.copyOf(seeds);
    }

    /**
     * Reads the {@code block} ({@link #SWEEP_BLOCK} or {@link #COMPARISON_BLOCK}) of {@code file}.
     *
     * @throws IllegalArgumentException naming the file and the key for a missing block, an unknown key, a value of
     *                                  the wrong type, a missing base file, an empty axis or duplicate seeds
     */
    public static SweepSpec read(Path file, String block) {
        if (!SWEEP_BLOCK.equals(block) && !COMPARISON_BLOCK.equals(block)) {
            throw new IllegalArgumentException("unknown sweep block '" + block + "'; expected " + SWEEP_BLOCK + " or "
                    + COMPARISON_BLOCK);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("sweep file not found: " + file.toAbsolutePath());
        }
        Config root;
        try {
            root = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("cannot read sweep file " + file + ": " + e.getMessage(), e);
        }
        if (!root.hasPath(block) || root.getValue(block).valueType() != ConfigValueType.OBJECT) {
            throw new IllegalArgumentException(file + " has no '" + block + " { ... }' block"
                    + (root.root().isEmpty() ? "" : " (top-level keys: " + new TreeMap<>(root.root()).keySet() + ")"));
        }
        ConfigObject spec = root.getObject(block);
        Set<String> allowed = SWEEP_BLOCK.equals(block) ? SWEEP_KEYS : COMPARISON_KEYS;
        for (String key : spec.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(file + ": unknown key '" + block + "." + key + "'; allowed: "
                        + new TreeSet<>(allowed));
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        List<Path> base = new ArrayList<>();
        ConfigValue baseValue = required(spec, "base", block, file);
        for (String name : stringOrList(baseValue, block + ".base", file)) {
            Path p = dir.resolve(name).normalize();
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(file + ": " + block + ".base names '" + name
                        + "', which is not a file (looked for " + p + ")");
            }
            base.add(p);
        }
        List<String> params = spec.containsKey("params")
                ? stringOrList(spec.get("params"), block + ".params", file) : List.of();
        List<SweepAxis> axes = new ArrayList<>();
        if (spec.containsKey("variants")) {
            axes.add(variants(spec.get("variants"), block, file));
        } else if (COMPARISON_BLOCK.equals(block)) {
            throw new IllegalArgumentException(file + ": " + block + " needs 'variants { Name = [ \"Key = Value\", "
                    + "... ], ... }'");
        }
        if (spec.containsKey("grid")) {
            ConfigValue grid = spec.get("grid");
            if (grid.valueType() != ConfigValueType.OBJECT) {
                throw new IllegalArgumentException(file + ": " + block + ".grid must be an object of key = [values], "
                        + "got " + grid.valueType());
            }
            TreeMap<String, ConfigList> keys = new TreeMap<>();
            collectGrid((ConfigObject) grid, "", keys, block, file);
            for (var e : keys.entrySet()) {
                List<SweepOption> options = new ArrayList<>();
                for (ConfigValue v : e.getValue()) {
                    String value = v.render(ConfigRenderOptions.concise());
                    options.add(new SweepOption(e.getKey() + "=" + value, List.of(e.getKey() + "=" + value)));
                }
                if (options.isEmpty()) {
                    throw new IllegalArgumentException(file + ": " + block + ".grid." + e.getKey()
                            + " lists no values");
                }
                axes.add(new SweepAxis(e.getKey(), options));
            }
        }
        List<Long> seeds = seeds(required(spec, "seeds", block, file), block, file);
        return new SweepSpec(file, base, params, axes, seeds);
    }

    /** This spec with seeds {@code 0 .. n-1} instead of its own (the command line's {@code --seeds n}). */
    public SweepSpec withSeedCount(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + n);
        }
        List<Long> s = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            s.add(i);
        }
        return new SweepSpec(file, baseFiles, params, axes, s);
    }

    /** This spec with {@code extra} overrides appended to the shared ones (the command line's {@code --param}). */
    public SweepSpec withExtraParams(List<String> extra) {
        List<String> all = new ArrayList<>(params);
        all.addAll(extra);
        return new SweepSpec(file, baseFiles, all, axes, seeds);
    }

    /**
     * Every combination: the cartesian product of the axes, the last axis varying fastest.
     *
     * @throws IllegalArgumentException when two combinations would share a run directory
     */
    public List<Combination> combinations() {
        List<List<SweepOption>> product = new ArrayList<>();
        product.add(List.of());
        for (SweepAxis axis : axes) {
            List<List<SweepOption>> next = new ArrayList<>();
            for (List<SweepOption> prefix : product) {
                for (SweepOption o : axis.options()) {
                    List<SweepOption> row = new ArrayList<>(prefix);
                    row.add(o);
                    next.add(row);
                }
            }
            product = next;
        }
        List<Combination> out = new ArrayList<>();
        TreeMap<String, String> dirs = new TreeMap<>();
        for (List<SweepOption> row : product) {
            Combination c = Combination.of(row);
            String clash = dirs.put(c.dirName(), c.label());
            if (clash != null) {
                throw new IllegalArgumentException(file + ": combinations '" + clash + "' and '" + c.label()
                        + "' map to the same directory name '" + c.dirName() + "'; rename a variant");
            }
            out.add(c);
        }
        return out;
    }

    /** Every trial (combination × seed) with its run directory under {@code outDir}, combinations first. */
    public List<Trial> trials(Path outDir) {
        List<Trial> out = new ArrayList<>();
        Path root = outDir.toAbsolutePath().normalize();
        for (Combination c : combinations()) {
            Path combinationDir = root.resolve(c.dirName()).normalize();
            if (!combinationDir.getParent().equals(root)) {
                throw new IllegalArgumentException("combination '" + c.label() + "' has the directory name '"
                        + c.dirName() + "', which leaves " + outDir + "; rename it");
            }
            for (long seed : seeds) {
                out.add(new Trial(c, seed, outDir.resolve(c.dirName()).resolve("seed-" + seed), baseFiles, params));
            }
        }
        return out;
    }

    private static SweepAxis variants(ConfigValue value, String block, Path file) {
        if (value.valueType() != ConfigValueType.OBJECT || ((ConfigObject) value).isEmpty()) {
            throw new IllegalArgumentException(file + ": " + block + ".variants must be a non-empty object "
                    + "Name = [ \"Key = Value\", ... ], got " + value.render(ConfigRenderOptions.concise()));
        }
        ConfigObject obj = (ConfigObject) value;
        List<SweepOption> options = new ArrayList<>();
        for (String name : new TreeMap<>(obj).keySet()) {
            if (name.isBlank() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")
                    || name.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(file + ": " + block + ".variants has the name '" + name + "', which"
                        + " is not a safe directory name (no '/', '\\', control characters, '.', '..' or blank)");
            }
            options.add(new SweepOption(name, stringOrList(obj.get(name), block + ".variants." + name, file)));
        }
        return new SweepAxis(VARIANT_AXIS, options);
    }

    private static void collectGrid(ConfigObject obj, String prefix, TreeMap<String, ConfigList> out, String block,
            Path file) {
        for (var e : obj.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            ConfigValue v = e.getValue();
            switch (v.valueType()) {
                case LIST -> out.put(key, (ConfigList) v);
                case OBJECT -> collectGrid((ConfigObject) v, key, out, block, file);
                default -> throw new IllegalArgumentException(file + ": " + block + ".grid." + key
                        + " must be a list of values, got " + v.valueType() + " "
                        + v.render(ConfigRenderOptions.concise()));
            }
        }
    }

    private static List<Long> seeds(ConfigValue v, String block, Path file) {
        List<Long> out = new ArrayList<>();
        if (v.valueType() == ConfigValueType.NUMBER) {
            long n = ((Number) v.unwrapped()).longValue();
            if (n < 1 || n != ((Number) v.unwrapped()).doubleValue()) {
                throw new IllegalArgumentException(file + ": " + block + ".seeds as a count must be a whole number "
                        + ">= 1, got " + v.render(ConfigRenderOptions.concise()));
            }
            for (long i = 0; i < n; i++) {
                out.add(i);
            }
            return out;
        }
        if (v.valueType() != ConfigValueType.LIST) {
            throw new IllegalArgumentException(file + ": " + block + ".seeds must be a list of integers or a count, "
                    + "got " + v.render(ConfigRenderOptions.concise()));
        }
        for (ConfigValue s : (ConfigList) v) {
            Object u = s.unwrapped();
            if (!(u instanceof Number num) || num.doubleValue() != num.longValue()) {
                throw new IllegalArgumentException(file + ": " + block + ".seeds holds '"
                        + s.render(ConfigRenderOptions.concise()) + "', which is not an integer");
            }
            out.add(num.longValue());
        }
        return out;
    }

    private static ConfigValue required(ConfigObject spec, String key, String block, Path file) {
        ConfigValue v = spec.get(key);
        if (v == null) {
            throw new IllegalArgumentException(file + ": " + block + " needs '" + key + "'");
        }
        return v;
    }

    private static List<String> stringOrList(ConfigValue v, String where, Path file) {
        List<String> out = new ArrayList<>();
        if (v.valueType() == ConfigValueType.STRING) {
            out.add((String) v.unwrapped());
            return out;
        }
        if (v.valueType() != ConfigValueType.LIST) {
            throw new IllegalArgumentException(file + ": " + where + " must be a string or a list of strings, got "
                    + v.render(ConfigRenderOptions.concise()));
        }
        for (ConfigValue item : (ConfigList) v) {
            if (item.valueType() != ConfigValueType.STRING) {
                throw new IllegalArgumentException(file + ": " + where + " holds "
                        + item.render(ConfigRenderOptions.concise()) + ", which is not a string (quote it: "
                        + "\"Key = Value\")");
            }
            out.add((String) item.unwrapped());
        }
        return out;
    }
}
