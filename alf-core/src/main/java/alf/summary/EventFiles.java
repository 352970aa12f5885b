package alf.summary;

import alf.io.AtomicFiles;
import alf.summary.proto.Event;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The TensorBoard event files of a run directory: listing, reading back, and cutting back to a checkpoint. */
public final class EventFiles {
    /** Every events file name starts with this (TensorBoard finds files by it). */
    public static final String PREFIX = "events.out.tfevents.";

    private EventFiles() {
    }

    /** The events files directly in {@code dir}, in name order (the order TensorBoard reads them in). */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * Every event of {@code file}, both CRCs of each record checked.
     *
     * @throws UncheckedIOException naming the file and byte offset on a CRC mismatch, an unparsable event, or a
     *                              record cut short
     */
    public static List<Event> read(Path file) {
        TfRecords.Contents contents = contents(file);
        if (contents.tornTail()) {
            throw new UncheckedIOException(new IOException(file + ": the last record is incomplete"));
        }
        return parse(file, contents.records());
    }

    /** Every event of every events file in {@code dir}, files in name order. */
    public static List<Event> readAll(Path dir) {
        List<Event> all = new ArrayList<>();
        for (Path f : list(dir)) {
            all.addAll(read(f));
        }
        return all;
    }

    /**
     * Removes the events after environment step {@code step} from every events file in {@code dir}, and a final
     * record torn by a crash, so that a resumed run continues the curves without a step twice. Files are
     * rewritten atomically; the file-version header stays.
     */
    public static void truncateAfter(Path dir, long step) {
        for (Path f : list(dir)) {
            TfRecords.Contents contents = contents(f);
            List<byte[]> kept = new ArrayList<>();
            List<Event> events = parse(f, contents.records());
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).hasFileVersion() || events.get(i).getStep() <= step) {
                    kept.add(contents.records().get(i));
                }
            }
            if (kept.size() == events.size() && !contents.tornTail()) {
                continue;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                for (byte[] r : kept) {
                    TfRecords.write(out, r);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            AtomicFiles.write(f, out.toByteArray());
        }
    }

    private static TfRecords.Contents contents(Path file) {
        try {
            return TfRecords.read(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read events file " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Event> parse(Path file, List<byte[]> records) {
        List<Event> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                events.add(Event.parseFrom(records.get(i)));
            } catch (InvalidProtocolBufferException e) {
                throw new UncheckedIOException(file + ": record " + i + " is not an Event", e);
            }
        }
        return events;
    }
}
