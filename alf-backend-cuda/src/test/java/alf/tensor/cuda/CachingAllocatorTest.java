package alf.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The caching allocator's size classes, reuse and out-of-memory retry, over a counting fake of cuMemAlloc. */
class CachingAllocatorTest {

    /** A raw allocator handing out increasing ids and refusing beyond a byte budget. */
    private static final class FakeDevice implements CachingAllocator.RawMemory<Long> {
        long nextId;
        long reserved;
        final long budget;
        final Set<Long> live = new HashSet<>();

        FakeDevice(long budget) {
            this.budget = budget;
        }

        @Override
        public Long allocate(long bytes) {
            if (reserved + bytes > budget) {
                throw new IllegalStateException("out of memory");
            }
            reserved += bytes;
            live.add(nextId);
            return nextId++;
        }

        @Override
        public void free(Long block) {
            if (!live.remove(block)) {
                throw new AssertionError("double free of block " + block);
            }
            reserved -= CachingAllocator.MIN_BLOCK;
        }
    }

    @Test
    void sizeClassesArePowersOfTwoFromTheMinimumBlock() {
        assertEquals(512, CachingAllocator.sizeClass(0));
        assertEquals(512, CachingAllocator.sizeClass(512));
        assertEquals(1024, CachingAllocator.sizeClass(513));
        assertEquals(1 << 20, CachingAllocator.sizeClass((1 << 20) - 3));
        assertEquals(1L << 33, CachingAllocator.sizeClass((1L << 32) + 1));
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.sizeClass(-1));
    }

    @Test
    void aWarmLoopNeverCallsTheRawAllocator() {
        FakeDevice device = new FakeDevice(Long.MAX_VALUE);
        CachingAllocator<Long> allocator = new CachingAllocator<>(device, () -> { });
        long[] sizes = {4 * 256 * 256, 4 * 256, 4 * 256 * 3, 8, 4 * 256 * 256};
        long rawAfterWarmUp = 0;
        for (int step = 0; step < 10; step++) {
            List<CachingAllocator.Block<Long>> live = new ArrayList<>();
            for (long s : sizes) {
                live.add(allocator.allocate(s));
            }
            live.forEach(allocator::release);
            if (step == 0) {
                rawAfterWarmUp = allocator.stats().rawAllocations();
            }
        }
        CachingAllocator.Stats stats = allocator.stats();
        assertEquals(rawAfterWarmUp, stats.rawAllocations(), "no cuMemAlloc after the first step");
        assertEquals(5, rawAfterWarmUp);
        assertEquals(50, stats.requests());
        assertEquals(45, stats.cacheHits());
        assertEquals(0, stats.bytesInUse());
        assertEquals(2L * (1 << 18) + 1024 + 4096 + 512, stats.bytesReserved());
    }

    @Test
    void outOfMemoryRunsTheHookThenReleasesTheCacheAndRetries() {
        FakeDevice device = new FakeDevice(2 * CachingAllocator.MIN_BLOCK);
        int[] hookCalls = {0};
        CachingAllocator<Long> allocator = new CachingAllocator<>(device, () -> hookCalls[0]++);
        CachingAllocator.Block<Long> a = allocator.allocate(100);
        CachingAllocator.Block<Long> b = allocator.allocate(100);
        allocator.release(a);
        // a free block of the same class is reused without a raw call
        CachingAllocator.Block<Long> c = allocator.allocate(512);
        assertEquals(a.handle(), c.handle());
        assertEquals(0, hookCalls[0]);
        // the device is full: the hook runs, nothing is cached, the retry fails with the device's own error
        assertThrows(IllegalStateException.class, () -> allocator.allocate(10));
        assertEquals(1, hookCalls[0]);
        allocator.release(b);
        allocator.release(c);
        allocator.releaseCache();
        assertEquals(0, device.live.size());
        assertEquals(2, allocator.stats().rawFrees());
        assertEquals(0, allocator.stats().bytesReserved());
    }
}
