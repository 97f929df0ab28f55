package gr.syndesmos.hub.security;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What a signed-in person may do, read from their granted authorities: {@code ROLE_viewer}, {@code ROLE_operator},
 * {@code ROLE_admin} (each role includes the ones before it), and {@code MUNICIPALITY_<code>} or
 * {@code MUNICIPALITY_*} (the whole region). Any identity provider that grants these authorities works the same.
 */
public record Operator(String name, Role role, Set<String> municipalities) {

    public static final String MUNICIPALITY_AUTHORITY = "MUNICIPALITY_";
    public static final String WHOLE_REGION = "*";

    /** In rising order: each role may do everything the ones before it may. */
    public enum Role {
        VIEWER, OPERATOR, ADMIN;

        public String authority() {
            return "ROLE_" + name().toLowerCase();
        }
    }

    public static Operator of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return null;
        }
        return of(authentication.getName(), authentication.getAuthorities());
    }

    public static Operator of(String name, Collection<? extends GrantedAuthority> authorities) {
        Role role = null;
        Set<String> municipalities = new TreeSet<>();
        for (GrantedAuthority granted : authorities) {
            String authority = granted.getAuthority();
            for (Role r : Role.values()) {
                if (r.authority().equals(authority) && (role == null || r.compareTo(role) > 0)) {
                    role = r;
                }
            }
            if (authority.startsWith(MUNICIPALITY_AUTHORITY)) {
                municipalities.add(authority.substring(MUNICIPALITY_AUTHORITY.length()));
            }
        }
        return role == null ? null : new Operator(name, role, Set.copyOf(municipalities));
    }

    /** The person behind the current request (HTTP, or Jolokia for Hawtio), or null when nobody signed in. */
    public static Operator current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The person behind the current request; refuses when nobody signed in. */
    public static Operator required() {
        Operator operator = current();
        if (operator == null) {
            throw new AccessDeniedException("Sign in with a Syndesmos role (viewer, operator or admin)");
        }
        return operator;
    }

    public boolean wholeRegion() {
        return municipalities.contains(WHOLE_REGION);
    }

    public boolean sees(String municipality) {
        return wholeRegion() || municipalities.contains(municipality);
    }

    public boolean mayReplay(String municipality) {
        return role.compareTo(Role.OPERATOR) >= 0 && sees(municipality);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Unmasked AFM, AMKA and personal names: admins only; everyone else sees them masked. */
    public boolean seesPersonalData() {
        return isAdmin();
    }

    public void requireSees(String municipality) {
        if (!sees(municipality)) {
            throw new AccessDeniedException(name + " has no access to municipality " + municipality);
        }
    }

    public void requireReplay(String municipality) {
        requireSees(municipality);
        if (!mayReplay(municipality)) {
            throw new AccessDeniedException(name + " may view but not retry or discard messages of " + municipality
                    + " (role " + role.name().toLowerCase() + ")");
        }
    }
}
