package gr.syndesmos.mappings.encoding;

import gr.syndesmos.mappings.UnreadableFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;

/**
 * Looks at the first 64 KiB of an export declared in a single-byte Greek charset before anything is decoded. A
 * UTF-8 file decodes "successfully" as windows-1253 into mojibake ({@code Ξ†Ξ½Ξ½Ξ±}), which a strict decoder cannot
 * catch; so a byte order mark, or bytes that are valid UTF-8 with multi-byte sequences, refuse the file. Greek
 * windows-1253 text is practically never valid UTF-8: its letters (0xC1-0xFE) are not followed by continuation bytes.
 */
public final class EncodingSniffer {

    static final int SNIFF_BYTES = 64 * 1024;

    private EncodingSniffer() {
    }

    /**
     * Checks the start of the export and returns a stream of the whole export (nothing consumed).
     *
     * @throws UnreadableFileException {@code empty} for a 0-byte file, {@code encoding} for UTF-8
     */
    public static InputStream checkSingleByte(InputStream in, String declaredCharset) {
        byte[] head = new byte[SNIFF_BYTES];
        int n = 0;
        try {
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (n == 0) {
            throw new UnreadableFileException("empty", "the file is empty (0 bytes)");
        }
        if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            throw new UnreadableFileException("encoding", "the file starts with a UTF-8 byte order mark but "
                    + declaredCharset + " was declared; it is refused whole rather than read as mojibake");
        }
        if (isUtf8WithMultiByte(head, n, n < head.length)) {
            throw new UnreadableFileException("encoding", "the file is UTF-8 but " + declaredCharset
                    + " was declared; it is refused whole rather than read as mojibake");
        }
        return new SequenceInputStream(new ByteArrayInputStream(head, 0, n), in);
    }

    /**
     * Whether the bytes are well-formed UTF-8 containing at least one multi-byte sequence. A sequence cut by the end
     * of the sniffed window counts as well-formed unless the whole file was read.
     */
    static boolean isUtf8WithMultiByte(byte[] b, int length, boolean wholeFile) {
        boolean multiByte = false;
        int i = 0;
        while (i < length) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int more;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                more = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                more = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                more = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + more >= length) {
                // The sequence runs past the bytes at hand: cut by the window, or a broken last character.
                return !wholeFile && multiByte;
            }
            int cp = c & (0x3F >> more);
            for (int k = 1; k <= more; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            multiByte = true;
            i += more + 1;
        }
        return multiByte;
    }
}
