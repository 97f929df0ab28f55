package gr.syndesmos.connectors.http;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * Connector template {@value #ID} (sink): posts each exchange's JSON body to a destination with an
 * {@link HttpOutClient} made once per template instance, from the descriptor's parameters.
 *
 * <p>In: body {@code byte[]} or {@code String} (JSON, sent as UTF-8); header {@value #PATH_HEADER} (optional, appended
 * to {@code baseUrl}, must start with {@code /}); header {@value #IDEMPOTENCY_KEY_HEADER} (the key; when absent the
 * exchange id is used, which holds across Camel redeliveries of that exchange only).
 *
 * <p>Out: header {@value #STATUS_HEADER} = the answer's status, body = the answer's body (String). An answer other than
 * 2xx, or none, raises {@link HttpOutFailure} (status, permanent or not, body excerpt), so the caller's error handling
 * decides whether to retry.
 */
public class HttpOutRouteTemplate extends RouteBuilder {

    public static final String ID = "http-out";
    public static final String PATH_HEADER = "SyndesmosHttpPath";
    public static final String IDEMPOTENCY_KEY_HEADER = "SyndesmosIdempotencyKey";
    public static final String STATUS_HEADER = "SyndesmosHttpStatus";

    /** Descriptor parameters, with the defaults the descriptor declares; optional ones have none. */
    static final Map<String, String> DEFAULTS = Map.of(
            "auth", "none",
            "apiKeyHeader", HttpOutSettings.DEFAULT_API_KEY_HEADER,
            "connectTimeoutMillis", "5000",
            "responseTimeoutMillis", "30000",
            "rateLimitPerSecond", "0",
            "idempotencyHeader", HttpOutSettings.DEFAULT_IDEMPOTENCY_HEADER);
    static final String[] OPTIONAL = {"apiKey", "username", "password", "tokenUrl", "clientId", "clientSecret",
        "scope"};

    @Override
    public void configure() {
        var template = routeTemplate(ID)
                .templateParameter("endpoint")
                .templateParameter("baseUrl");
        DEFAULTS.forEach(template::templateParameter);
        for (String name : OPTIONAL) {
            template.templateOptionalParameter(name);
        }
        template.templateBean("httpOutSender", Processor.class, HttpOutRouteTemplate::sender)
                .from("direct:{{endpoint}}")
                .process("{{httpOutSender}}");
    }

    private static Processor sender(RouteTemplateContext context) {
        Map<String, String> parameters = new HashMap<>();
        context.getParameters().forEach((name, value) -> {
            if (value != null) {
                parameters.put(name, value.toString());
            }
        });
        return new Sender(new HttpOutClient(HttpOutSettings.fromParameters(parameters)));
    }

    /** Posts one exchange; holds the template instance's client. */
    static final class Sender implements Processor {

        private final HttpOutClient client;

        Sender(HttpOutClient client) {
            this.client = client;
        }

        @Override
        public void process(Exchange exchange) throws Exception {
            Message message = exchange.getMessage();
            Object body = message.getBody();
            byte[] json;
            if (body instanceof byte[] bytes) {
                json = bytes;
            } else if (body instanceof String text) {
                json = text.getBytes(StandardCharsets.UTF_8);
            } else {
                throw new IllegalArgumentException(ID + " posts JSON given as byte[] or String, got "
                        + (body == null ? "no body" : body.getClass().getName()));
            }
            String key = message.getHeader(IDEMPOTENCY_KEY_HEADER, String.class);
            if (key == null || key.isBlank()) {
                key = exchange.getExchangeId();
            }
            HttpOutResponse response = client.deliver(message.getHeader(PATH_HEADER, "", String.class), json, key);
            message.setHeader(STATUS_HEADER, response.status());
            message.setBody(response.body());
        }
    }
}
