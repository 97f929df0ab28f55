package gr.syndesmos.connectors.http;

import org.apache.camel.builder.RouteBuilder;

/**
 * Connector template {@value #ID} (source, produces rows): an HTTP endpoint where one municipality's own systems push
 * records. {@code POST {{path}}} with the municipality's key → {@link HttpInGate} checks the key, the content type, the
 * size and the JSON → the handler gets the records → the pusher gets an answer:
 *
 * <ul>
 *   <li>202 {@code {"accepted": n}}: the handler took the records</li>
 *   <li>401 with {@code WWW-Authenticate}: key missing or wrong (never echoed)</li>
 *   <li>415: not {@code application/json}; 400: malformed JSON, or not an object or an array of objects;
 *       413: more than {@code maxBodyBytes} or {@code maxRecords}</li>
 *   <li>503 with {@code Retry-After}: the handler failed; nothing was taken, the pusher must send again</li>
 * </ul>
 *
 * <p>The handler gets body {@code List<Map<String,Object>>} (a single object becomes a one-element list) and header
 * {@value HttpInGate#SOURCE_HEADER} = {@code http-in:<path>}; none of the caller's headers reach it. Because each
 * template instance has its own path and key, one municipality's key never opens another's path.
 */
public class HttpInRouteTemplate extends RouteBuilder {

    public static final String ID = "http-in";

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("path")
                .templateParameter("apiKey")
                .templateParameter("apiKeyHeader", HttpInGate.DEFAULT_API_KEY_HEADER)
                .templateParameter("maxRecords", String.valueOf(HttpInGate.DEFAULT_MAX_RECORDS))
                .templateParameter("maxBodyBytes", String.valueOf(HttpInGate.DEFAULT_MAX_BODY_BYTES))
                .templateParameter("handler")
                .templateBean("httpInGate", HttpInGate.class, context -> HttpInGate.fromParameters(
                        context.getProperty("path", String.class), context.getProperty("apiKey", String.class),
                        context.getProperty("apiKeyHeader", String.class),
                        context.getProperty("maxRecords", String.class),
                        context.getProperty("maxBodyBytes", String.class)))
                .from("platform-http:{{path}}?httpMethodRestrict=POST")
                .process("{{httpInGate}}")
                .filter(exchangeProperty(HttpInGate.ADMITTED_PROPERTY))
                    .doTry()
                        .to("{{handler}}")
                        .process(HttpInGate::accepted)
                    .doCatch(Exception.class)
                        .process(HttpInGate::notTaken)
                    .end()
                .end();
    }
}
