package alf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryLockTest {

    @Test
    void aSecondProcessIsRefusedNamingTheDirectoryAndTheHolderUntilTheHolderIsKilled(@TempDir Path tmp)
            throws Exception {
        Path dir = tmp.resolve("run");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                RunDirectoryLockHolder.class.getName(), dir.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine(), "the child process took the lock");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunDirectoryLock.acquire(dir));
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + child.pid() + " on "), e.getMessage());
            assertTrue(e.getMessage().contains("started "), e.getMessage());
        } finally {
            child.destroyForcibly(); // SIGKILL: the OS must release the lock without the holder's help
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(dir)) {
            String holder = Files.readString(dir.resolve(RunDirectoryLock.FILE_NAME));
            assertTrue(holder.startsWith("pid " + ProcessHandle.current().pid() + " on "), holder);
        }
    }

    @Test
    void nestedAcquisitionsInOneProcessShareTheLockUntilTheLastIsClosed(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("run");
        RunDirectoryLock outer = RunDirectoryLock.acquire(dir);
        try (RunDirectoryLock inner = RunDirectoryLock.acquire(dir)) {
            assertTrue(Files.exists(dir.resolve(RunDirectoryLock.FILE_NAME)));
        }
        // still held by `outer`: a foreign lock on the file overlaps it
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve(RunDirectoryLock.FILE_NAME),
                java.nio.file.StandardOpenOption.WRITE)) {
            assertThrows(java.nio.channels.OverlappingFileLockException.class, ch::tryLock);
        }
        outer.close();
        outer.close(); // closing twice is harmless
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve(RunDirectoryLock.FILE_NAME),
                java.nio.file.StandardOpenOption.WRITE); var lock = ch.tryLock()) {
            assertTrue(lock != null && lock.isValid(), "released after the last handle");
        }
    }
}
