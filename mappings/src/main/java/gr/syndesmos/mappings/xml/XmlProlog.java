package gr.syndesmos.mappings.xml;

import gr.syndesmos.mappings.UnreadableFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The charset an XML export declares in its prolog ({@code <?xml version="1.0" encoding="ISO-8859-7"?>}), or UTF-8
 * when it declares none, as the XML specification says. The hub decodes the file itself, strictly, with this
 * charset: the JDK's parser would replace an unmappable byte with U+FFFD and let corrupted text reach Diavgeia.
 */
public final class XmlProlog {

    static final int HEAD = 1024;
    private static final Pattern ENCODING = Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)"
            + "[\"'][^>]*\\?>");

    private XmlProlog() {
    }

    public static Charset encoding(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return encoding(in.readNBytes(HEAD));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param head the first bytes of the file (up to {@value #HEAD}) */
    public static Charset encoding(byte[] head) {
        if (head.length >= 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)
                || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) {
            return StandardCharsets.UTF_16;
        }
        int start = head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF
                ? 3 : 0;
        // The prolog is ASCII in every charset the hub meets.
        String text = new String(Arrays.copyOfRange(head, start, head.length), StandardCharsets.ISO_8859_1);
        Matcher m = ENCODING.matcher(text);
        if (!m.find()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(m.group(1));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnreadableFileException("encoding", "the XML prolog declares the unknown encoding '"
                    + m.group(1) + "'");
        }
    }
}
