package gr.syndesmos.mappings;

/** The file as a whole cannot be read; the message says why in plain language, for the error report. */
public class UnreadableFileException extends RuntimeException {

    private final String code;

    public UnreadableFileException(String code, String message) {
        super(message);
        this.code = code;
    }

    public UnreadableFileException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Stable reason code, e.g. {@code encoding}, {@code doctype}, {@code missing-columns}, {@code truncated}. */
    public String code() {
        return code;
    }
}
