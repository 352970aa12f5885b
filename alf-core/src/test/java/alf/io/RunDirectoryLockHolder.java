package alf.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A child process for {@link RunDirectoryLockTest}: locks the run directory given as its argument, prints
 * {@code locked}, and holds the lock until its standard input closes or it is killed.
 */
public final class RunDirectoryLockHolder {
    private RunDirectoryLockHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (RunDirectoryLock lock = RunDirectoryLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the parent closes our input or kills us
            }
        }
    }
}
