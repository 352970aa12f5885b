package alf.tensor.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A caching allocator over a raw device allocator: a freed block goes onto the free list of its size class and the
 * next request of that class takes it back, so once a training loop has run a few steps (and the garbage collector
 * has returned its temporaries) every request is served from the lists and the raw allocator ({@code cuMemAlloc})
 * is no longer called. Size classes are powers of two from {@value #MIN_BLOCK} bytes up, so one block serves every
 * request between half its size and its size (at most 2× the request is reserved).
 *
 * <p>Thread-safe: blocks come back from a {@link java.lang.ref.Cleaner} thread when their storage is collected.
 * Reuse is safe without events because every kernel runs on the one stream of the backend, in issue order.
 *
 * @param <B> the raw block handle (a device pointer on the GPU; anything in tests)
 */
public final class CachingAllocator<B> {
    /** The smallest size class in bytes (cudaMalloc itself aligns to 256 bytes). */
    public static final long MIN_BLOCK = 512;

    /** Counters of an allocator since its creation; {@code rawAllocations} stops growing once it is warm. */
    public record Stats(long requests, long cacheHits, long rawAllocations, long rawFrees, long bytesReserved,
                        long bytesInUse) {
    }

    /** The raw allocator: allocate fails by throwing (out of memory), free returns the block to the device. */
    public interface RawMemory<B> {
        B allocate(long bytes);

        void free(B block);
    }

    /** A block handed out: the raw handle and its size class. */
    public record Block<B>(B handle, long bytes) {
    }

    private final RawMemory<B> raw;
    private final Map<Long, ArrayDeque<B>> freeLists = new HashMap<>();
    private final Runnable onOutOfMemory;
    private long requests;
    private long cacheHits;
    private long rawAllocations;
    private long rawFrees;
    private long bytesReserved;
    private long bytesInUse;

    /**
     * @param raw           the device allocator
     * @param onOutOfMemory called once when the raw allocator fails, before the cache is released and the request
     *                      retried (the backend runs the garbage collector there, so dead storages return blocks)
     */
    public CachingAllocator(RawMemory<B> raw, Runnable onOutOfMemory) {
        this.raw = raw;
        this.onOutOfMemory = onOutOfMemory;
    }

    /** The size class of a request: the next power of two of at least {@value #MIN_BLOCK} bytes. */
    public static long sizeClass(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("allocation of " + bytes + " bytes");
        }
        if (bytes <= MIN_BLOCK) {
            return MIN_BLOCK;
        }
        return Long.highestOneBit(bytes - 1) << 1;
    }

    /** A block of at least {@code bytes} bytes, from the cache when one of its size class is free. */
    public Block<B> allocate(long bytes) {
        long size = sizeClass(bytes);
        synchronized (this) {
            requests++;
            ArrayDeque<B> list = freeLists.get(size);
            if (list != null && !list.isEmpty()) {
                cacheHits++;
                bytesInUse += size;
                return new Block<>(list.pop(), size);
            }
        }
        B handle;
        try {
            handle = raw.allocate(size);
        } catch (RuntimeException outOfMemory) {
            onOutOfMemory.run();
            Block<B> cached = takeCached(size);
            if (cached != null) {
                return cached;
            }
            releaseCache();
            handle = raw.allocate(size);
        }
        synchronized (this) {
            rawAllocations++;
            bytesReserved += size;
            bytesInUse += size;
        }
        return new Block<>(handle, size);
    }

    private synchronized Block<B> takeCached(long size) {
        ArrayDeque<B> list = freeLists.get(size);
        if (list == null || list.isEmpty()) {
            return null;
        }
        cacheHits++;
        bytesInUse += size;
        return new Block<>(list.pop(), size);
    }

    /** Returns a block to its size class's free list (the device memory stays reserved). */
    public synchronized void release(Block<B> block) {
        freeLists.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).push(block.handle());
        bytesInUse -= block.bytes();
    }

    /** Gives every cached free block back to the raw allocator. */
    public synchronized void releaseCache() {
        freeLists.forEach((size, list) -> {
            while (!list.isEmpty()) {
                raw.free(list.pop());
                rawFrees++;
                bytesReserved -= size;
            }
        });
    }

    /** A snapshot of the counters. */
    public synchronized Stats stats() {
        return new Stats(requests, cacheHits, rawAllocations, rawFrees, bytesReserved, bytesInUse);
    }

    /** Convenience for {@link RawMemory} from two lambdas. */
    public static <B> RawMemory<B> rawMemory(LongFunction<B> allocate, java.util.function.Consumer<B> free) {
        return new RawMemory<>() {
            @Override
            public B allocate(long bytes) {
                return allocate.apply(bytes);
            }

            @Override
            public void free(B block) {
                free.accept(block);
            }
        };
    }
}
