package alf.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Copies a trial's local run directory to its place under the output location (a local path or any Hadoop
 * FileSystem URI) and back. A file is uploaded under a temporary name and renamed into place, so a reader never sees
 * half a file; only files whose size or modification time changed since the last upload are copied again, and
 * checkpoints removed locally (rotation) are removed remotely too.
 */
final class RunDirectorySync {
    private static final String CHECKPOINTS = "checkpoints";

    private final Path local;
    private final FileSystem fs;
    private final org.apache.hadoop.fs.Path remote;
    private final String attemptTag;
    private final Map<Path, String> uploaded = new HashMap<>();

    /**
     * @param local      the run directory on this machine
     * @param output     the output location (local path or FileSystem URI)
     * @param relative   the run directory relative to {@code output}
     * @param conf       the Hadoop configuration (FileSystem settings)
     * @param attemptTag makes temporary names unique between concurrent attempts
     */
    RunDirectorySync(Path local, String output, String relative, Configuration conf, String attemptTag) {
        this.local = local;
        this.attemptTag = attemptTag;
        org.apache.hadoop.fs.Path root = outputPath(output);
        this.remote = relative.isEmpty() ? root : new org.apache.hadoop.fs.Path(root, relative);
        try {
            this.fs = root.getFileSystem(conf);
            // no .crc side files next to the run's own files on checksummed (local) file systems
            fs.setWriteChecksum(false);
            fs.setVerifyChecksum(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + output, e);
        }
    }

    /** {@code output} as a Hadoop path: a plain local path becomes an absolute {@code file:} URI. */
    static org.apache.hadoop.fs.Path outputPath(String output) {
        URI uri = URI.create(output.replace(" ", "%20"));
        if (uri.getScheme() == null || uri.getScheme().length() < 2) {
            return new org.apache.hadoop.fs.Path(Path.of(output).toAbsolutePath().toUri());
        }
        return new org.apache.hadoop.fs.Path(output);
    }

    /** The remote run directory. */
    org.apache.hadoop.fs.Path remote() {
        return remote;
    }

    /**
     * Copies what landed remotely into the (empty) local run directory, so that a retried or re-run trial finds its
     * checkpoints (and resumes) or its finished metrics (and is skipped). Returns whether anything was there.
     */
    boolean download() {
        try {
            if (!fs.exists(remote)) {
                return false;
            }
            copyDown(remote, local);
            for (Path f : localFiles()) {
                uploaded.put(f, stamp(f));
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + remote + " to " + local, e);
        }
    }

    /** True when the remote run directory is the local one (a local output written in place). */
    private boolean sameAsLocal() {
        return "file".equals(fs.getScheme()) && Path.of(fs.makeQualified(remote).toUri()).normalize()
                .equals(local.toAbsolutePath().normalize());
    }

    /** Downloads only {@code names} (files directly in the run directory) that exist remotely. */
    void downloadFiles(List<String> names) {
        if (sameAsLocal()) {
            return;
        }
        try {
            Files.createDirectories(local);
            for (String name : names) {
                org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(remote, name);
                if (fs.exists(src)) {
                    fs.copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(local.resolve(name).toUri()), true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy files of " + remote + " to " + local, e);
        }
    }

    private void copyDown(org.apache.hadoop.fs.Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (FileStatus s : fs.listStatus(from)) {
            String name = s.getPath().getName();
            if (name.contains(".uploading-")) {
                continue; // an upload another attempt did not finish
            }
            if (s.isDirectory()) {
                copyDown(s.getPath(), to.resolve(name));
            } else {
                // raw local file system: no .crc side files next to the run's own
                fs.copyToLocalFile(false, s.getPath(), new org.apache.hadoop.fs.Path(to.resolve(name).toUri()), true);
            }
        }
    }

    /** Uploads every new or changed file of the run directory and removes remote checkpoints gone locally. */
    void upload() {
        try {
            Set<String> localCheckpoints = new HashSet<>();
            for (Path f : localFiles()) {
                Path rel = local.relativize(f);
                if (rel.startsWith(CHECKPOINTS)) {
                    localCheckpoints.add(rel.getFileName().toString());
                }
                String stamp = stamp(f);
                if (stamp.equals(uploaded.get(f))) {
                    continue;
                }
                org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(remote, rel.toString().replace('\\',
                        '/'));
                org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dst.getParent(),
                        dst.getName() + ".uploading-" + attemptTag);
                fs.mkdirs(dst.getParent());
                fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(f.toUri()), tmp);
                fs.delete(dst, false);
                if (!fs.rename(tmp, dst)) {
                    throw new IOException("cannot rename " + tmp + " to " + dst);
                }
                uploaded.put(f, stamp);
            }
            org.apache.hadoop.fs.Path remoteCheckpoints = new org.apache.hadoop.fs.Path(remote, CHECKPOINTS);
            if (fs.exists(remoteCheckpoints)) {
                for (FileStatus s : fs.listStatus(remoteCheckpoints)) {
                    if (!s.isDirectory() && !localCheckpoints.contains(s.getPath().getName())
                            && !s.getPath().getName().contains(".uploading-")) {
                        fs.delete(s.getPath(), false);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + local + " to " + remote, e);
        }
    }

    /** Uploads {@code files} (relative to the local run directory, which may be the mirror root) as they are. */
    void uploadFiles(List<Path> files) {
        if (sameAsLocal()) {
            return;
        }
        for (Path f : files) {
            uploaded.remove(local.resolve(f));
        }
        try {
            for (Path f : files) {
                Path source = local.resolve(f);
                org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(remote, f.toString().replace('\\', '/'));
                fs.mkdirs(dst.getParent());
                fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(source.toUri()), dst);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy files of " + local + " to " + remote, e);
        }
    }

    private List<Path> localFiles() throws IOException {
        if (!Files.isDirectory(local)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(local)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".crc")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static String stamp(Path f) throws IOException {
        return Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis();
    }
}
