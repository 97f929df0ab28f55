package gr.syndesmos.hub.http;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/** Limits on what one HTTP request may cost the hub, applied before any other filter. */
@Configuration(proxyBeanMethods = false)
public class HttpLimitsConfiguration {

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(
            @Value("${syndesmos.http.max-request-size:16MB}") DataSize limit,
            @Value("${syndesmos.sandbox.max-request-size:1MB}") DataSize standInLimit) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(
                new RequestBodyLimit(limit, standInLimit));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
