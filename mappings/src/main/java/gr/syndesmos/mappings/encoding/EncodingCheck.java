package gr.syndesmos.mappings.encoding;

import gr.syndesmos.mappings.UnreadableFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a whole export once, before any of its records is published, and refuses it whole when it is not text of its
 * declared charset: a byte that is no character of it (the report names the byte, its offset and line), or, for a
 * single-byte Greek charset, a file that is in fact UTF-8 (it would decode "successfully" into mojibake: a byte order
 * mark, or well-formed multi-byte UTF-8 throughout). The readers decode strictly too, but they stream: without this
 * check the records before the first bad byte would already be on their way.
 */
public final class EncodingCheck {

    private EncodingCheck() {
    }

    /** @throws UnreadableFileException {@code empty} or {@code encoding} */
    public static void wholeFile(Path file, Charset charset) {
        try (InputStream in = Files.newInputStream(file)) {
            check(in, charset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void check(InputStream in, Charset charset) throws IOException {
        boolean singleByte = charset.newEncoder().maxBytesPerChar() == 1;
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Utf8Detector utf8 = new Utf8Detector();
        ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
        CharBuffer chars = CharBuffer.allocate(64 * 1024);
        long offset = 0;
        long line = 1;
        boolean first = true;
        boolean eof = false;
        while (!eof) {
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                if (singleByte) {
                    if (first && n >= 3 && (bytes.get(0) & 0xFF) == 0xEF && (bytes.get(1) & 0xFF) == 0xBB
                            && (bytes.get(2) & 0xFF) == 0xBF) {
                        throw new UnreadableFileException("encoding", "the file starts with a UTF-8 byte order "
                                + "mark but " + charset.name() + " was declared; it is refused whole rather than read "
                                + "as mojibake");
                    }
                    utf8.feed(bytes.array(), bytes.position(), n);
                }
                bytes.position(bytes.position() + n);
                first = first && n == 0;
            }
            bytes.flip();
            while (true) {
                int before = bytes.position();
                CoderResult result = decoder.decode(bytes, chars, eof);
                chars.flip();
                for (int i = 0; i < chars.limit(); i++) {
                    if (chars.get(i) == '\n') {
                        line++;
                    }
                }
                chars.clear();
                if (result.isError()) {
                    if (singleByte && utf8.looksUtf8SoFar()) {
                        throw mislabelled(charset);
                    }
                    int bad = bytes.get(bytes.position()) & 0xFF;
                    throw new UnreadableFileException("encoding", String.format("byte 0x%02X at offset %d (line %d)"
                            + " is not a %s character; the file is refused whole and nothing of it was sent", bad,
                            offset + bytes.position(), line, charset.name()));
                }
                if (!result.isOverflow()) {
                    break;
                }
                if (bytes.position() == before && chars.position() == 0) {
                    break;
                }
            }
            offset += bytes.position();
            bytes.compact();
        }
        if (offset == 0 && bytes.position() == 0) {
            throw new UnreadableFileException("empty", "the file is empty (0 bytes)");
        }
        if (singleByte && utf8.isUtf8WithMultiByte()) {
            throw mislabelled(charset);
        }
    }

    private static UnreadableFileException mislabelled(Charset charset) {
        return new UnreadableFileException("encoding", "the file is UTF-8 but " + charset.name() + " was declared;"
                + " it is refused whole rather than read as mojibake, and nothing of it was sent");
    }

    /**
     * Whether a byte stream is well-formed UTF-8 with at least one multi-byte character, fed in pieces. Greek
     * windows-1253 or ISO-8859-7 text practically never is: its letters (0xC1-0xFE) are not followed by continuation
     * bytes, so the answer is usually known after the first Greek letter.
     */
    static final class Utf8Detector {
        private boolean broken;
        private boolean multiByte;
        private int pending;
        private int codePoint;
        private int min;

        void feed(byte[] b, int from, int length) {
            for (int i = from; i < from + length && !broken; i++) {
                int c = b[i] & 0xFF;
                if (pending > 0) {
                    if ((c & 0xC0) != 0x80) {
                        broken = true;
                        return;
                    }
                    codePoint = (codePoint << 6) | (c & 0x3F);
                    if (--pending == 0) {
                        if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                            broken = true;
                            return;
                        }
                        multiByte = true;
                    }
                } else if (c >= 0x80) {
                    if (c >= 0xC2 && c <= 0xDF) {
                        pending = 1;
                        min = 0x80;
                        codePoint = c & 0x1F;
                    } else if (c >= 0xE0 && c <= 0xEF) {
                        pending = 2;
                        min = 0x800;
                        codePoint = c & 0x0F;
                    } else if (c >= 0xF0 && c <= 0xF4) {
                        pending = 3;
                        min = 0x10000;
                        codePoint = c & 0x07;
                    } else {
                        broken = true;
                        return;
                    }
                }
            }
        }

        /** Well-formed UTF-8 with multi-byte characters up to the bytes fed so far. */
        boolean looksUtf8SoFar() {
            return !broken && multiByte;
        }

        boolean isUtf8WithMultiByte() {
            return !broken && pending == 0 && multiByte;
        }
    }
}
