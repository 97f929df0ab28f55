package gr.syndesmos.hub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Jolokia runs an operation or writes an attribute when asked by a plain GET ({@code /jolokia/exec/<mbean>/<op>/...}
 * or {@code ?p=/exec/...}); a GET is what a link or an image tag on another site makes a browser send, with the
 * operator's session. Here a GET may only read, list, search and ask the version; everything else must be a POST,
 * which carries the CSRF token and the origin check. Hawtio uses POST throughout.
 */
public class JolokiaRequestFilter extends OncePerRequestFilter {

    static final String JOLOKIA = "/actuator/jolokia";
    private static final Set<String> READ_ONLY_TYPES = Set.of("", "version", "read", "list", "search");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + JOLOKIA);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("GET".equals(request.getMethod())) {
            String pathParameter = request.getParameter("p");
            String path = pathParameter != null ? pathParameter
                    : request.getRequestURI().substring(request.getContextPath().length() + JOLOKIA.length());
            if (!READ_ONLY_TYPES.contains(firstSegment(path))) {
                response.setHeader("Allow", "POST");
                response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                        "Jolokia operations and writes are accepted by POST only");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static String firstSegment(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        int slash = trimmed.indexOf('/');
        return (slash < 0 ? trimmed : trimmed.substring(0, slash)).toLowerCase(java.util.Locale.ROOT);
    }
}
