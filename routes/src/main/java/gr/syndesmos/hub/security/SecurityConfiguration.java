package gr.syndesmos.hub.security;

import gr.syndesmos.hub.settings.HubProperties;
import gr.syndesmos.hub.municipality.MunicipalityRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.request.async.WebAsyncManagerIntegrationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may reach what. Health and the stand-ins of the outside systems are open; everything else needs a signed-in
 * operator: Hawtio and Jolokia (further limited per MBean by {@link OperatorJolokiaRestrictor}), the operator API
 * (further limited per municipality by the services behind it), the replay journal (admins) and the Prometheus
 * metrics (whole-region accounts, since they count every municipality). People sign in with the form (browser) or
 * HTTP Basic (scripts); production can add the region's identity provider with the standard
 * {@code spring.security.oauth2.client.*} settings, granting roles and municipalities through two token claims.
 */
@Configuration
@EnableWebSecurity
public class SecurityConfiguration {

    @Bean
    UserDetailsService operatorAccounts(@Value("${syndesmos.security.users-file:}") String usersFile,
            HubProperties properties, MunicipalityRegistry municipalities, FirstAdminPassword firstAdmin)
            throws IOException {
        return new InMemoryUserDetailsManager(OperatorUsers.load(
                StringUtils.hasText(usersFile) ? Path.of(usersFile) : null, properties.dataDir(),
                code -> municipalities.find(code).isPresent(), firstAdmin));
    }

    /** Password sign-in (form and Basic) with the lock-out of repeated failures. */
    @Bean
    AuthenticationProvider operatorSignIn(UserDetailsService operatorAccounts, SignInThrottle throttle) {
        return new ThrottledSignIn(operatorAccounts, throttle);
    }

    @Bean
    SecurityFilterChain operatorSecurity(HttpSecurity http,
            ObjectProvider<ClientRegistrationRepository> identityProvider,
            @Value("${syndesmos.security.oidc.roles-claim:syndesmos_roles}") String rolesClaim,
            @Value("${syndesmos.security.oidc.municipalities-claim:syndesmos_municipalities}")
            String municipalitiesClaim,
            @Value("${syndesmos.security.allowed-origins:}") List<String> allowedOrigins) throws Exception {
        RequestMatcher scripts = SecurityConfiguration::isScript;
        RequestMatcher api = request -> request.getRequestURI().startsWith(request.getContextPath() + "/api/")
                || request.getRequestURI().startsWith(request.getContextPath() + "/actuator/jolokia")
                || request.getRequestURI().startsWith(request.getContextPath() + "/actuator/prometheus");
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        // The stand-ins play Diavgeia and the regional platform, which the hub calls unsigned; what
                        // they received is for operators, and switching their behaviour for the region's admins.
                        .requestMatchers(HttpMethod.GET, "/sandbox/*/received").hasAnyRole("viewer", "operator",
                                "admin")
                        .requestMatchers("/sandbox/*/mode").access(wholeRegionAdmin())
                        .requestMatchers("/sandbox/**").permitAll()
                        .requestMatchers("/login", "/error", "/favicon.ico").permitAll()
                        // Municipalities' systems push here; the http-in connector checks each municipality's own
                        // key for its own address, so operators' accounts play no part.
                        .requestMatchers("/inbound/**").permitAll()
                        // gov.gr and KEPs ask for certificates with their own credentials (an API key or a client
                        // certificate), which the endpoint checks itself: operators' accounts play no part.
                        .requestMatchers(HttpMethod.POST, "/ked/v1/**").permitAll()
                        .requestMatchers("/actuator/prometheus").access(wholeRegion())
                        .requestMatchers("/api/replay-journal", "/api/replay-journal/**").hasRole("admin")
                        .requestMatchers("/api/sign-in/**").access(wholeRegionAdmin())
                        .anyRequest().hasAnyRole("viewer", "operator", "admin"))
                .formLogin(form -> form.defaultSuccessUrl("/actuator/hawtio/", false))
                .httpBasic(basic -> basic.realmName("Syndesmos")
                        .authenticationEntryPoint(ThrottledSignIn.lockAware(basicChallenge())))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // Scripts get 401 with a Basic challenge, browsers the login page.
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(basicChallenge(), api)
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                scripts))
                // Hawtio sends the token from the XSRF-TOKEN cookie as X-XSRF-TOKEN with every Jolokia POST. Only
                // scripts are exempt: a browser sends cached Basic credentials cross-site too, so a request that
                // carries browser markers needs the token even with an Authorization header.
                .csrf(csrf -> csrf
                        .csrfTokenRepository(csrfTokens())
                        .csrfTokenRequestHandler(new SinglePageAppCsrfHandler())
                        .ignoringRequestMatchers(scripts)
                        .ignoringRequestMatchers("/sandbox/**", "/inbound/**", "/ked/v1/**"))
                .addFilterBefore(new SameOriginFilter(allowedOrigins.stream().filter(StringUtils::hasText).toList()),
                        WebAsyncManagerIntegrationFilter.class)
                .addFilterAfter(new JolokiaRequestFilter(), AuthorizationFilter.class)
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()));
        if (identityProvider.getIfAvailable() != null) {
            http.oauth2Login(login -> login.userInfoEndpoint(user -> user.userAuthoritiesMapper(
                    identityProviderAuthorities(rolesClaim, municipalitiesClaim))));
        }
        return http.build();
    }

    /**
     * A script, not a browser: it sends its own credentials and none of the headers browsers add to every request
     * they make for a page ({@code Origin}, {@code Sec-Fetch-Site}, a session cookie).
     */
    static boolean isScript(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        return request.getHeader("Authorization") != null && request.getHeader("Origin") == null
                && (site == null || "none".equals(site)) && request.getRequestedSessionId() == null;
    }

    private static CookieCsrfTokenRepository csrfTokens() {
        CookieCsrfTokenRepository tokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict").path("/"));
        return tokens;
    }

    private static BasicAuthenticationEntryPoint basicChallenge() {
        BasicAuthenticationEntryPoint entryPoint = new BasicAuthenticationEntryPoint();
        entryPoint.setRealmName("Syndesmos");
        return entryPoint;
    }

    private static AuthorizationManager<RequestAuthorizationContext> wholeRegionAdmin() {
        return (authentication, context) -> {
            Operator operator = Operator.of(authentication.get());
            return new AuthorizationDecision(operator != null && operator.wholeRegion() && operator.isAdmin());
        };
    }

    private static AuthorizationManager<RequestAuthorizationContext> wholeRegion() {
        return (authentication, context) -> {
            Operator operator = Operator.of(authentication.get());
            return new AuthorizationDecision(operator != null && operator.wholeRegion());
        };
    }

    /**
     * Maps the identity provider's claims to the hub's authorities: {@code syndesmos_roles: [operator]} and
     * {@code syndesmos_municipalities: ["9318"]} (claim names configurable), so the same rules apply to every
     * account, wherever it lives.
     */
    static GrantedAuthoritiesMapper identityProviderAuthorities(String rolesClaim, String municipalitiesClaim) {
        return granted -> {
            List<GrantedAuthority> mapped = new ArrayList<>();
            for (GrantedAuthority authority : granted) {
                if (authority instanceof OidcUserAuthority oidc) {
                    for (String role : claimValues(oidc.getAttributes().get(rolesClaim))) {
                        mapped.add(new SimpleGrantedAuthority("ROLE_" + role.toLowerCase(Locale.ROOT)));
                    }
                    for (String code : claimValues(oidc.getAttributes().get(municipalitiesClaim))) {
                        mapped.add(new SimpleGrantedAuthority(Operator.MUNICIPALITY_AUTHORITY + code));
                    }
                }
            }
            return mapped;
        };
    }

    private static List<String> claimValues(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String value && !value.isBlank()) {
            return List.of(value.split("[,\\s]+"));
        }
        return List.of();
    }

    /** Reads the token from the header as sent (Hawtio), and masks it against BREACH where it is rendered. */
    static final class SinglePageAppCsrfHandler extends CsrfTokenRequestAttributeHandler {
        private final XorCsrfTokenRequestAttributeHandler rendered = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            rendered.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            if (StringUtils.hasText(request.getHeader(token.getHeaderName()))) {
                return super.resolveCsrfTokenValue(request, token);
            }
            return rendered.resolveCsrfTokenValue(request, token);
        }
    }

    /** Sets the XSRF-TOKEN cookie on every response, so the console has a token before its first POST. */
    static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
