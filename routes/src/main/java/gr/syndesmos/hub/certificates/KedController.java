package gr.syndesmos.hub.certificates;

import gr.syndesmos.hub.flows.Flow;
import gr.syndesmos.hub.flows.FlowRegistry;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import gr.syndesmos.hub.settings.HubClock;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The certificate endpoint in KED's style: {@code POST /ked/v1/municipalities/{code}/{operation}}. Its checks run in
 * the order the contract gives, and the first that fails answers: the credential (401), the municipality and the
 * operation (404), the caller's permission (403), the media type, size and JSON of the body (415, 413, 400), the
 * fields (400 with every failing field), then the journal (409, or the replay of an earlier answer) and the question
 * to the municipality's system (200, 503, 502).
 */
@RestController
public class KedController {

    /** The largest body a certificate request may have. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final String API_KEY = "X-Api-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final MediaType JSON_UTF8 = new MediaType("application", "json",
            java.nio.charset.StandardCharsets.UTF_8);

    private final CertificateCallers callers;
    private final MunicipalityRegistry municipalities;
    private final CertificateExchange exchange;
    private final HubClock clock;
    private final Flow flow;

    public KedController(CertificateCallers callers, MunicipalityRegistry municipalities, FlowRegistry flows,
            CertificateExchange exchange, HubClock clock) {
        this.callers = callers;
        this.municipalities = municipalities;
        this.exchange = exchange;
        this.clock = clock;
        this.flow = flows.all().stream().filter(f -> f.pattern() == Flow.Pattern.REQUEST_REPLY).findFirst()
                .orElse(null);
    }

    @PostMapping("/ked/v1/municipalities/{code}/{operation}")
    public ResponseEntity<String> ask(@PathVariable String code, @PathVariable String operation,
            HttpServletRequest request) throws IOException, InterruptedException {
        long arrived = System.nanoTime();
        Optional<CertificateCallers.Caller> caller = identify(request);
        if (caller.isEmpty()) {
            return answer(exchange.refuse(null, KedBodies.Error.UNAUTHENTICATED));
        }
        if (flow == null || municipalities.inFlow(flow.name()).stream().noneMatch(m -> m.code().equals(code))) {
            return answer(exchange.refuse(null, KedBodies.Error.UNKNOWN_MUNICIPALITY));
        }
        Optional<CertificateCall.Operation> op = CertificateCall.Operation.of(operation)
                .filter(o -> flow.reply().operations().contains(o.word()));
        if (op.isEmpty()) {
            return answer(exchange.refuse(null, KedBodies.Error.UNKNOWN_OPERATION));
        }
        if (!caller.get().may(code, operation)) {
            return answer(exchange.refuse(null, KedBodies.Error.CALLER_NOT_ALLOWED));
        }
        if (!isJsonUtf8(request.getContentType())) {
            return answer(exchange.refuse(null, KedBodies.Error.UNSUPPORTED_MEDIA_TYPE));
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            return answer(exchange.refuse(null, KedBodies.Error.BODY_TOO_LARGE));
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return answer(exchange.refuse(null, KedBodies.Error.BODY_TOO_LARGE));
        }
        CertificateRequestCheck.Result checked = CertificateRequestCheck.check(caller.get().name(), code, op.get(),
                body, clock.now());
        if (checked.malformed()) {
            return answer(exchange.refuse(null, KedBodies.Error.MALFORMED_JSON));
        }
        if (checked.call() == null) {
            return answer(exchange.validationFailed(checked.fieldErrors()));
        }
        return answer(exchange.handle(checked.call(), arrived));
    }

    /** The caller from its credential: a client certificate the TLS connection verified, or an API key. */
    private Optional<CertificateCallers.Caller> identify(HttpServletRequest request) {
        Object certificates = request.getAttribute("jakarta.servlet.request.X509Certificate");
        if (certificates instanceof X509Certificate[] chain && chain.length > 0) {
            Optional<CertificateCallers.Caller> byCertificate = callers.byCertificate(chain[0]);
            if (byCertificate.isPresent()) {
                return byCertificate;
            }
        }
        return callers.byApiKey(request.getHeader(API_KEY));
    }

    /** {@code application/json}, in UTF-8 if a charset is named: the only charset accepted. */
    static boolean isJsonUtf8(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            if (!type.getType().equals("application") || !type.getSubtype().equals("json")) {
                return false;
            }
            String charset = type.getParameter("charset");
            return charset == null || charset.replace("\"", "").toLowerCase(Locale.ROOT).equals("utf-8");
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            return false;
        }
    }

    private static ResponseEntity<String> answer(CertificateExchange.Response response) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(JSON_UTF8);
        headers.setCacheControl("no-store");
        if (response.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(response.retryAfter()));
        }
        if (response.replayed()) {
            headers.set(REPLAYED, "true");
        }
        return ResponseEntity.status(response.status()).headers(headers).body(response.body());
    }
}
