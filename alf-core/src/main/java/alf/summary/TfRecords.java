package alf.summary;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The TFRecord framing of TensorBoard event files. Each record is
 * <pre>
 *   uint64 length            (little-endian)
 *   uint32 masked_crc(length bytes)
 *   byte   data[length]
 *   uint32 masked_crc(data)
 * </pre>
 * where {@code masked_crc(x) = ((c >>> 15) | (c << 17)) + 0xa282ead8} of the CRC-32C (Castagnoli) {@code c} of the
 * bytes (TensorFlow, {@code tensorflow/core/lib/hash/crc32c.h} and {@code io/record_writer.cc}).
 */
public final class TfRecords {
    private static final int MASK_DELTA = 0xa282ead8;
    private static final int HEADER_BYTES = 12;
    private static final int FOOTER_BYTES = 4;

    private TfRecords() {
    }

    /** The masked CRC-32C of {@code bytes[offset, offset + length)}. */
    public static int maskedCrc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** Writes {@code data} as one framed record. */
    public static void write(OutputStream out, byte[] data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(data.length);
        header.putInt(maskedCrc32c(header.array(), 0, 8));
        ByteBuffer footer = ByteBuffer.allocate(FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        footer.putInt(maskedCrc32c(data, 0, data.length));
        out.write(header.array());
        out.write(data);
        out.write(footer.array());
    }

    /** The records of a file, and whether it ended inside a record (a write cut short by a crash). */
    public record Contents(List<byte[]> records, boolean tornTail) {
    }

    /**
     * Reads every record of {@code bytes} (the contents of {@code file}), checking both CRCs of each.
     *
     * @throws IOException naming the file and byte offset when a CRC does not match (a torn final record is not an
     *                     error: it is reported through {@link Contents#tornTail()})
     */
    public static Contents read(Path file, byte[] bytes) throws IOException {
        List<byte[]> records = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.remaining() > 0) {
            int start = buf.position();
            if (buf.remaining() < HEADER_BYTES) {
                return new Contents(records, true);
            }
            long length = buf.getLong();
            int lengthCrc = buf.getInt();
            if (lengthCrc != maskedCrc32c(bytes, start, 8)) {
                throw new IOException(file + ": corrupt record length at byte " + start + " (CRC mismatch)");
            }
            if (length < 0 || length > buf.remaining() - FOOTER_BYTES) {
                if (length >= 0 && length <= Integer.MAX_VALUE) {
                    return new Contents(records, true);
                }
                throw new EOFException(file + ": record at byte " + start + " claims " + length + " bytes");
            }
            byte[] data = new byte[(int) length];
            buf.get(data);
            int dataCrc = buf.getInt();
            if (dataCrc != maskedCrc32c(data, 0, data.length)) {
                throw new IOException(file + ": corrupt record data at byte " + start + " (CRC mismatch)");
            }
            records.add(data);
        }
        return new Contents(records, false);
    }
}
