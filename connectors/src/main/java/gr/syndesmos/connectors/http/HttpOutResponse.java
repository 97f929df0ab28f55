package gr.syndesmos.connectors.http;

/** What a destination answered: its status and body (decoded as the answer's charset says, UTF-8 by default). */
public record HttpOutResponse(int status, String body) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** 4xx other than 408 and 429: the destination refused the content; repeating the call will not help. */
    public boolean isPermanentFailure() {
        return isPermanentFailure(status);
    }

    static boolean isPermanentFailure(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }
}
