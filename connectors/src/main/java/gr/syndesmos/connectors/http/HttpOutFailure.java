package gr.syndesmos.connectors.http;

/**
 * A call to a destination that did not succeed. {@link #isPermanent()} tells the caller's error handling whether
 * repeating the same call can help: a 4xx answer (other than 408 and 429) or refused credentials will not, a
 * destination that did not answer, answered 5xx, or asked to slow down may.
 */
public class HttpOutFailure extends Exception {

    private static final long serialVersionUID = 1L;
    private static final int EXCERPT_LENGTH = 300;

    private final int status;
    private final boolean permanent;
    private final String bodyExcerpt;

    public HttpOutFailure(String message, int status, boolean permanent, String body, Throwable cause) {
        super(message + excerptSuffix(excerpt(body)), cause);
        this.status = status;
        this.permanent = permanent;
        this.bodyExcerpt = excerpt(body);
    }

    /** No answer arrived (refused, reset, timed out, no permit): the outcome is unknown, so it is worth repeating. */
    static HttpOutFailure noAnswer(String message, Throwable cause) {
        return new HttpOutFailure(message, 0, false, null, cause);
    }

    /** The HTTP status the destination answered, or 0 when it did not answer. */
    public int status() {
        return status;
    }

    public boolean answered() {
        return status != 0;
    }

    public boolean isPermanent() {
        return permanent;
    }

    /** A short, single-line excerpt of the answer's body: enough to act on, without copying records into logs. */
    public String bodyExcerpt() {
        return bodyExcerpt;
    }

    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.replaceAll("\\s+", " ").trim();
        return line.length() > EXCERPT_LENGTH ? line.substring(0, EXCERPT_LENGTH) + "..." : line;
    }

    private static String excerptSuffix(String excerpt) {
        return excerpt.isEmpty() ? "" : ": " + excerpt;
    }
}
