package gr.syndesmos.connectors.catalog;

import org.apache.camel.builder.RouteBuilder;

/** A template that does not match its descriptor (test resource mismatched-connectors/). */
public class MismatchedTemplate extends RouteBuilder {

    @Override
    public void configure() {
        routeTemplate("mismatched")
                .templateParameter("directory")
                .templateParameter("includes")
                .templateParameter("pollDelayMillis", "500")
                .templateParameter("handler")
                .from("file:{{directory}}?antInclude={{includes}}&delay={{pollDelayMillis}}")
                .to("{{handler}}");
    }
}
