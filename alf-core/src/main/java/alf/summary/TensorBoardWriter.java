package alf.summary;

import alf.summary.proto.Event;
import alf.summary.proto.Summary;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes a TensorBoard events file ({@code events.out.tfevents.<seconds>.<host>.<pid>}) in a run directory: scalars
 * and histograms keyed by environment steps, each event framed as a TFRecord ({@link TfRecords}) and flushed at once.
 *
 * <p>Each session (a fresh run or a resume) writes a new file, as TensorBoard's own writers do; its name sorts after
 * the files already there, so TensorBoard reads the sessions in order. The first record of a file is the
 * {@code file_version "brain.Event:2"} header. Scalars are stored as 32-bit floats (TensorBoard's
 * {@code simple_value}); the exact values stay in the CSV files. Wall times in the events are not reproducible; no
 * other output depends on them.
 */
public final class TensorBoardWriter implements Closeable {
    /** The header TensorBoard expects in the first record of an events file. */
    public static final String FILE_VERSION = "brain.Event:2";

    private final Path file;
    private final OutputStream out;

    private TensorBoardWriter(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** Creates a new events file in {@code dir} (created if missing) and writes its header. */
    public static TensorBoardWriter create(Path dir) {
        Path file = newFileName(dir);
        try {
            Files.createDirectories(dir);
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE));
            TensorBoardWriter w = new TensorBoardWriter(file, out);
            w.write(Event.newBuilder().setWallTime(now()).setFileVersion(FILE_VERSION).build());
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create TensorBoard events file " + file, e);
        }
    }

    /**
     * A name for a new events file: the current Unix time in seconds, or one second past the newest file already in
     * {@code dir} when that is later (so that the new file sorts last), then host and process id.
     */
    private static Path newFileName(Path dir) {
        long seconds = System.currentTimeMillis() / 1000;
        for (Path existing : EventFiles.list(dir)) {
            String rest = existing.getFileName().toString().substring(EventFiles.PREFIX.length());
            int dot = rest.indexOf('.');
            try {
                seconds = Math.max(seconds, Long.parseLong(dot < 0 ? rest : rest.substring(0, dot)) + 1);
            } catch (NumberFormatException e) {
                // a file named otherwise does not constrain ours
            }
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_-]", "_");
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return dir.resolve(String.format("%s%010d.%s.%d", EventFiles.PREFIX, seconds, host,
                ProcessHandle.current().pid()));
    }

    /** The file being written. */
    public Path file() {
        return file;
    }

    /**
     * Writes one scalar per entry of {@code values}, tagged {@code prefix/name}, at {@code step}; null values are
     * left out.
     */
    public void scalars(String prefix, long step, Map<String, Double> values) {
        Summary.Builder summary = Summary.newBuilder();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getValue() != null) {
                summary.addValue(Summary.Value.newBuilder().setTag(prefix + "/" + e.getKey())
                        .setSimpleValue(e.getValue().floatValue()));
            }
        }
        if (summary.getValueCount() > 0) {
            write(Event.newBuilder().setWallTime(now()).setStep(step).setSummary(summary).build());
        }
    }

    /** Writes the histograms of {@code tensors} (name → elements), tagged {@code prefix/name}, at {@code step}. */
    public void histograms(String prefix, long step, Map<String, double[]> tensors) {
        Summary.Builder summary = Summary.newBuilder();
        for (Map.Entry<String, double[]> e : tensors.entrySet()) {
            String tag = prefix + "/" + e.getKey();
            summary.addValue(Summary.Value.newBuilder().setTag(tag)
                    .setHisto(HistogramBuckets.of(tag, e.getValue())));
        }
        if (summary.getValueCount() > 0) {
            write(Event.newBuilder().setWallTime(now()).setStep(step).setSummary(summary).build());
        }
    }

    private void write(Event event) {
        try {
            TfRecords.write(out, event.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard events file " + file, e);
        }
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close TensorBoard events file " + file, e);
        }
    }
}
