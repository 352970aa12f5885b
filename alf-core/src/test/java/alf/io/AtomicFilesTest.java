package alf.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void aReplacedFileKeepsItsPermissions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("metrics.csv");
        Files.writeString(file, "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        AtomicFiles.writeString(file, "new\n");
        assertEquals("new\n", Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeString(file, "newer\n");
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aNewFileGetsTheDefaultPermissionsOfANewFile(@TempDir Path dir) throws IOException {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x");
        Path atomic = dir.resolve("atomic.txt");
        AtomicFiles.writeString(atomic, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
    }

    @Test
    void aSymbolicLinkIsRefusedAndItsTargetLeftAlone(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("precious.txt");
        Files.writeString(target, "keep me");
        Path link = dir.resolve("timing.csv");
        Files.createSymbolicLink(link, target);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.writeString(link, "overwritten"));
        assertTrue(e.getMessage().contains(link.toString()) && e.getMessage().contains("symbolic link"),
                e.getMessage());
        assertEquals("keep me", Files.readString(target));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void staleTemporariesAreDeletedAndNothingElse(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(".metrics.csv.123456789.tmp"), "torn");
        Files.writeString(dir.resolve(".hidden"), "user's");
        Files.writeString(dir.resolve("notes.tmp"), "user's");
        AtomicFiles.deleteStaleTemporaries(dir);
        assertTrue(Files.notExists(dir.resolve(".metrics.csv.123456789.tmp")));
        assertTrue(Files.exists(dir.resolve(".hidden")) && Files.exists(dir.resolve("notes.tmp")));
    }
}
