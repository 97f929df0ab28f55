package gr.syndesmos.mappings.encoding;

import gr.syndesmos.mappings.UnreadableFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes bytes with the declared charset and refuses, rather than replaces, any byte that is not a character of it
 * (RELIABILITY.md §5.3): the error names the byte, its offset in the file and its line, so a clerk can find it. A
 * plain InputStreamReader would insert U+FFFD and let corrupted text flow on.
 */
public final class StrictDecodingReader extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private long bytesRead;
    private long line = 1;
    private boolean eof;
    private boolean flushed;

    public StrictDecodingReader(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip(); // empty, ready to be read from
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (flushed) {
            return -1; // asked again after the end (BufferedReader does): a flushed decoder must not decode again
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (true) {
            CoderResult result = decoder.decode(bytes, out, eof);
            if (result.isError()) {
                long at = bytesRead - bytes.remaining();
                int bad = bytes.get(bytes.position()) & 0xFF;
                long badLine = line + newlines(buffer, offset, out.position() - offset);
                throw new UnreadableFileException("encoding", String.format(
                        "byte 0x%02X at offset %d (line %d) is not a %s character",
                        bad, at, badLine, decoder.charset().name()));
            }
            int produced = out.position() - offset;
            if (produced > 0) {
                line += newlines(buffer, offset, produced);
                return produced;
            }
            if (eof) {
                if (!flushed) {
                    flushed = true;
                    decoder.flush(out);
                    produced = out.position() - offset;
                    if (produced > 0) {
                        return produced;
                    }
                }
                return -1;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + n);
                bytesRead += n;
            }
            bytes.flip();
        }
    }

    private static int newlines(char[] buffer, int offset, int count) {
        int n = 0;
        for (int i = offset; i < offset + count; i++) {
            if (buffer[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
