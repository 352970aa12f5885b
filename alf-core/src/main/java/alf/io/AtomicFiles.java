package alf.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash-safe file replacement: the content goes to a temporary file in the same directory
 * ({@code .<name>.<random>.tmp}), is forced to disk (fsync), and is then renamed over the target (atomically where
 * the file system can), and the directory entry is synced. A crash at any point leaves either the old file or the new
 * one, never a torn one (plus, at worst, a temporary file that {@link #deleteStaleTemporaries} removes). A replaced
 * file keeps its POSIX permissions; a new one gets the process's default (umask) permissions. A target that is a
 * symbolic link is refused, never followed or replaced.
 */
public final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9]+\\.tmp");
    private static final SecureRandom RANDOM = new SecureRandom();
    private AtomicFiles() {
    }

    /** Writes what {@code body} produces into a stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Atomically replaces {@code target} with the bytes written by {@code body}. */
    public static void write(Path target, Body body) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temporary = null;
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
            refuseLink(absolute);
            // a unique temporary name, so concurrent writers of one target never share a temporary file; created
            // new (never through an existing file or link) with the default permissions of a newly created file
            temporary = dir.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong())
                    + ".tmp");
            try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS)) {
                OutputStream out = Channels.newOutputStream(ch);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            keepPermissions(absolute, temporary);
            try {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } catch (IOException e) {
            try {
                if (temporary != null) {
                    Files.deleteIfExists(temporary);
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot write " + absolute, e);
        }
    }

    /** Atomically replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /** Atomically replaces {@code target} with UTF-8 {@code text}. */
    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Refuses to write {@code file} when it is a symbolic link (a link planted in a run directory must not redirect
     * the run's output elsewhere).
     */
    public static void refuseLink(Path file) {
        if (Files.isSymbolicLink(file)) {
            throw new IllegalArgumentException("refusing to write " + file + ": it is a symbolic link (remove it, or "
                    + "write somewhere else)");
        }
    }

    /**
     * Deletes the temporary files ({@code .<name>.<digits>.tmp}) that writes interrupted by a crash left in
     * {@code dir}; call it only while no other process writes there (for example while holding the run
     * directory's {@link RunDirectoryLock}). Failures are logged, not thrown.
     */
    public static void deleteStaleTemporaries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                    LOG.info("deleted {}, left by an interrupted write", p);
                } catch (IOException e) {
                    LOG.warn("cannot delete stale temporary file {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.getMessage());
        }
    }

    /** Gives the new content the permissions of the file it replaces (a rename would otherwise change them). */
    private static void keepPermissions(Path target, Path temporary) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(target));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to keep
        }
    }

    /** Makes a rename durable by syncing its directory (best effort: not every platform can open directories). */
    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // directories cannot be opened for sync on some platforms; the rename itself is still atomic
        }
    }
}
