package alf.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import alf.summary.proto.Event;
import alf.summary.proto.Summary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The TFRecord framing against TensorBoard's own writer: golden bytes from {@code make_golden_records.py} (next to
 * {@code golden_records.txt} in the test resources), and the masked CRC-32C of a published check value.
 */
class TfRecordsTest {

    private static Map<String, byte[]> golden() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = TfRecordsTest.class.getResourceAsStream("golden_records.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.trim().split(" ");
                out.put(parts[0], HexFormat.of().parseHex(parts[1]));
            }
        }
        return out;
    }

    private static byte[] framed(Event event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TfRecords.write(out, event.toByteArray());
        return out.toByteArray();
    }

    @Test
    void maskedCrcOfTheCrc32cCheckValue() {
        // CRC-32C("123456789") = 0xE3069283 (RFC 3720, B.4); masked: rotate right by 15, add 0xa282ead8
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xc78ab0e5, TfRecords.maskedCrc32c(check, 0, check.length));
    }

    @Test
    void headerRecordMatchesTensorBoardBytes() throws IOException {
        Event header = Event.newBuilder().setWallTime(1.5).setFileVersion(TensorBoardWriter.FILE_VERSION).build();
        assertArrayEquals(golden().get("header"), framed(header));
    }

    @Test
    void scalarRecordMatchesTensorBoardBytes() throws IOException {
        Event scalar = Event.newBuilder().setWallTime(2.25).setStep(1000).setSummary(Summary.newBuilder()
                .addValue(Summary.Value.newBuilder().setTag("metrics/eval_return").setSimpleValue(-123.5f))
                .addValue(Summary.Value.newBuilder().setTag("timing/steps_per_second").setSimpleValue(0.1f)))
                .build();
        assertArrayEquals(golden().get("scalar"), framed(scalar));
    }

    @Test
    void readsBackWhatItWrote() throws IOException {
        byte[] all = concat(golden().get("header"), golden().get("scalar"));
        TfRecords.Contents contents = TfRecords.read(Path.of("x"), all);
        assertFalse(contents.tornTail());
        assertEquals(2, contents.records().size());
        Event scalar = Event.parseFrom(contents.records().get(1));
        assertEquals(1000, scalar.getStep());
        assertEquals(-123.5f, scalar.getSummary().getValue(0).getSimpleValue());
    }

    @Test
    void aCutShortRecordIsReportedAsATornTail() throws IOException {
        byte[] all = concat(golden().get("header"), golden().get("scalar"));
        for (int cut : List.of(all.length - 1, all.length - 20, golden().get("header").length + 5)) {
            byte[] partial = java.util.Arrays.copyOf(all, cut);
            TfRecords.Contents contents = TfRecords.read(Path.of("x"), partial);
            assertTrue(contents.tornTail(), "cut at " + cut);
            assertEquals(1, contents.records().size());
        }
    }

    @Test
    void aFlippedBitFailsTheCrcNamingFileAndOffset() throws IOException {
        byte[] header = golden().get("header");
        byte[] all = concat(header, golden().get("scalar"));
        all[header.length + 30] ^= 1; // inside the scalar record's data
        IOException e = assertThrows(IOException.class, () -> TfRecords.read(Path.of("run/events.x"), all));
        assertTrue(e.getMessage().contains("run/events.x") && e.getMessage().contains("byte " + header.length)
                && e.getMessage().contains("CRC"), e.getMessage());
        byte[] badLength = golden().get("header").clone();
        badLength[0] ^= 1;
        IOException e2 = assertThrows(IOException.class, () -> TfRecords.read(Path.of("f"), badLength));
        assertTrue(e2.getMessage().contains("record length at byte 0"), e2.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
