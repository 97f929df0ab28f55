package gr.syndesmos.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

/** An account from the region's identity provider gets the same roles and municipalities as a users-file account. */
class IdentityProviderAuthoritiesTest {

    @Test
    void claimsBecomeRolesAndMunicipalities() {
        OidcIdToken token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60), Map.of(
                "sub", "eleni", "syndesmos_roles", List.of("operator"), "syndesmos_municipalities", "9318 9305"));
        var mapped = SecurityConfiguration.identityProviderAuthorities("syndesmos_roles", "syndesmos_municipalities")
                .mapAuthorities(List.of(new OidcUserAuthority(token)));

        assertThat(mapped).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_operator", "MUNICIPALITY_9318", "MUNICIPALITY_9305");
        Operator operator = Operator.of("eleni", mapped);
        assertThat(operator.mayReplay("9305")).isTrue();
        assertThat(operator.sees("9325")).isFalse();
    }

    @Test
    void withoutTheClaimsNoRoleIsGranted() {
        OidcIdToken token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60), Map.of("sub", "x"));
        var mapped = SecurityConfiguration.identityProviderAuthorities("syndesmos_roles", "syndesmos_municipalities")
                .mapAuthorities(List.of(new OidcUserAuthority(token)));
        assertThat(Operator.of("x", mapped)).isNull();
    }
}
