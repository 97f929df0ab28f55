package gr.syndesmos.hub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, with 403 before anything else runs, what another web site makes a signed-in person's browser send: a
 * request whose {@code Origin} is not the hub's own (nor one of {@code syndesmos.security.allowed-origins}, the public
 * address of a reverse proxy), and, without an {@code Origin}, one the browser marks {@code Sec-Fetch-Site:
 * cross-site} or {@code same-site} or whose {@code Referer} names another origin. Plain navigations (a link to the
 * console) stay possible; any other cross-site request is refused whatever its method, so neither a form, an image
 * tag nor a script on another site can use the operator's session or cached credentials. Scripts (curl, the
 * municipalities' systems) send none of these headers and are not affected.
 */
public class SameOriginFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(SameOriginFilter.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final List<String> allowedOrigins;

    public SameOriginFilter(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream().map(SameOriginFilter::normalised).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = refusal(request);
        if (refusal != null) {
            LOG.warn("Refused a cross-site request: {} {} ({})", request.getMethod(), request.getRequestURI(), refusal);
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Cross-site request refused: " + refusal);
            return;
        }
        chain.doFilter(request, response);
    }

    String refusal(HttpServletRequest request) {
        String own = ownOrigin(request);
        String origin = request.getHeader("Origin");
        if (origin != null) {
            if ("null".equals(origin)) {
                return SAFE_METHODS.contains(request.getMethod()) ? null : "Origin: null";
            }
            String normalised = normalised(origin);
            return normalised.equals(own) || allowedOrigins.contains(normalised) ? null : "Origin " + origin;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !"same-origin".equals(site) && !"none".equals(site)) {
            boolean navigation = HttpMethod.GET.matches(request.getMethod())
                    && "navigate".equals(request.getHeader("Sec-Fetch-Mode"))
                    && !request.getRequestURI().startsWith(request.getContextPath() + "/actuator/jolokia")
                    && !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
            return navigation ? null : "Sec-Fetch-Site: " + site;
        }
        String referer = request.getHeader("Referer");
        if (referer != null && !SAFE_METHODS.contains(request.getMethod())) {
            String from = originOf(referer);
            return from == null || from.equals(own) || allowedOrigins.contains(from) ? null : "Referer " + from;
        }
        return null;
    }

    private static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static String originOf(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() == null || uri.getHost() == null ? null
                    : normalised(uri.getScheme() + "://" + uri.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String normalised(String origin) {
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        if (lower.endsWith("/")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        if (lower.startsWith("http://") && lower.endsWith(":80")) {
            return lower.substring(0, lower.length() - 3);
        }
        if (lower.startsWith("https://") && lower.endsWith(":443")) {
            return lower.substring(0, lower.length() - 4);
        }
        return lower;
    }
}
