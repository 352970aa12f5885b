package alf.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Exclusive use of a run directory by one process, for the life of the process's work there: an OS file lock
 * ({@link FileChannel#tryLock()}) on {@code run.lock} in the directory, which the operating system releases when the
 * process ends, crash or kill included. The file names the holder (pid, host, start time), so a second process that
 * wants to write into the directory fails with a message naming the directory and the holder. Within one process the
 * lock is counted: nested {@link #acquire} calls for the same directory share it, and it is released when the last
 * one is closed. The file itself is left in place (deleting it would let two processes lock different files).
 */
public final class RunDirectoryLock implements AutoCloseable {
    /** The lock file's name in a run directory. */
    public static final String FILE_NAME = "run.lock";

    private static final Map<Path, Held> HELD = new HashMap<>();

    private final Path key;
    private boolean closed;

    /** The process-wide lock of one directory and how many open handles share it. */
    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        int count;

        Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }

    private RunDirectoryLock(Path key) {
        this.key = key;
    }

    /**
     * Locks {@code runDir} (creating it if needed) for this process, or fails with an {@link IllegalStateException}
     * naming the directory and the process that holds it.
     */
    public static RunDirectoryLock acquire(Path runDir) {
        Path file = runDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(runDir);
            Path key = runDir.toRealPath();
            synchronized (HELD) {
                Held held = HELD.get(key);
                if (held == null) {
                    AtomicFiles.refuseLink(file);
                    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                    FileLock lock;
                    try {
                        lock = channel.tryLock();
                    } catch (OverlappingFileLockException e) {
                        lock = null;
                    }
                    if (lock == null) {
                        String holder = readHolder(channel);
                        channel.close();
                        throw new IllegalStateException("run directory " + runDir + " is in use by another process ("
                                + holder + "); wait for it to end or stop it, or use another run directory");
                    }
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(describeThisProcess().getBytes(StandardCharsets.UTF_8)), 0);
                    channel.force(false);
                    held = new Held(channel, lock);
                    HELD.put(key, held);
                }
                held.count++;
                return new RunDirectoryLock(key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock run directory " + runDir + " (" + file + "): " + e, e);
        }
    }

    /** Releases this handle; the OS lock goes with the process's last handle on the directory. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(key);
            if (held != null && --held.count == 0) {
                HELD.remove(key);
                try (FileChannel channel = held.channel) {
                    held.lock.release();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release the lock of run directory " + key, e);
                }
            }
        }
    }

    private static String describeThisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", started " + started + "\n";
    }

    private static String readHolder(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 4096);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? "holder unknown: " + FILE_NAME + " is empty" : text;
    }
}
