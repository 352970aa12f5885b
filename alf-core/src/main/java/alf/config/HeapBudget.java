package alf.config;

/**
 * Checks up front that sizes taken from configuration fit: an element count must fit a Java array
 * (at most 2^31 − 1) and the bytes a setting needs must fit the heap still free
 * ({@code Runtime.maxMemory()} minus what is in use), so that a too-large value fails at once with
 * the key and the bytes needed instead of an {@code OutOfMemoryError} minutes into a run.
 */
public final class HeapBudget {

    private HeapBudget() {
    }

    /**
     * The product of {@code dims}, the element count of one array sized by {@code key}.
     *
     * @throws IllegalArgumentException naming {@code key} when the product exceeds 2^31 − 1 or a
     *                                  dimension is negative
     */
    public static long elements(String key, long... dims) {
        long product = 1;
        for (long dim : dims) {
            if (dim < 0) {
                throw new IllegalArgumentException(key + ": negative size " + dim);
            }
            if (dim != 0 && product > Integer.MAX_VALUE / dim) {
                throw new IllegalArgumentException(key + " asks for an array of more than 2^31-1 elements (dimensions "
                        + java.util.Arrays.toString(dims) + "); lower " + key);
            }
            product *= dim;
        }
        return product;
    }

    /**
     * Fails unless {@code bytes} fit the heap still free.
     *
     * @param key  the setting that decides the size, named in the message
     * @param what what the memory is for ("the replay buffer")
     * @throws IllegalArgumentException naming {@code key}, the bytes needed and the bytes free
     */
    public static void require(String key, String what, double bytes) {
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (bytes > free) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s: %s needs %.0f bytes (%s) but only %d bytes (%s) of the heap are free (-Xmx %s); lower %s or "
                            + "raise -Xmx", key, what, bytes, human(bytes), free, human(free),
                    human(runtime.maxMemory()), key));
        }
    }

    private static String human(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        while (bytes >= 1024 && unit < units.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", bytes, units[unit]);
    }
}
