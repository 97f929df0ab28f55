package gr.syndesmos.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.management.ObjectName;
import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

class OperatorJolokiaRestrictorTest {

    private final OperatorJolokiaRestrictor restrictor = new OperatorJolokiaRestrictor();
    private final ObjectName rethymno = name("gr.syndesmos:type=FailedMessages,municipality=9318,destination=diavgeia");
    private final ObjectName heraklion = name("gr.syndesmos:type=FailedMessages,municipality=9305,destination=diavgeia");
    private final ObjectName artemisQueue = name("org.apache.activemq.artemis:broker=\"localhost\",component=addresses,"
            + "address=\"dead-letter\",subcomponent=queues,routing-type=\"multicast\",queue=\"dead-letter.9305.diavgeia\"");
    private final ObjectName heapDump = name("com.sun.management:type=HotSpotDiagnostic");
    private final ObjectName runtime = name("java.lang:type=Runtime");

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void nobodySignedInSeesNothing() {
        assertThat(restrictor.isObjectNameHidden(rethymno)).isTrue();
        assertThat(restrictor.isOperationAllowed(rethymno, "list")).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(runtime, "Uptime")).isFalse();
    }

    @Test
    void aMunicipalityOperatorSeesAndRetriesOnlyItsOwnQueues() {
        signIn("eleni", "ROLE_operator", "MUNICIPALITY_9318");
        assertThat(restrictor.isObjectNameHidden(rethymno)).isFalse();
        assertThat(restrictor.isOperationAllowed(rethymno, "retryMatching(java.lang.String)")).isTrue();
        assertThat(restrictor.isOperationAllowed(rethymno, "discard")).isTrue();
        assertThat(restrictor.isObjectNameHidden(heraklion)).isTrue();
        assertThat(restrictor.isOperationAllowed(heraklion, "list")).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(heraklion, "FailedMessages")).isFalse();
        // The broker's own queues (every municipality's, and operations that bypass the journal): admins only.
        assertThat(restrictor.isObjectNameHidden(artemisQueue)).isTrue();
        assertThat(restrictor.isAttributeReadAllowed(runtime, "Uptime")).isTrue();
        assertThat(restrictor.isOperationAllowed(runtime, "getSystemProperties")).isFalse();
    }

    @Test
    void aViewerMayListAndPreviewButNotMove() {
        signIn("maria", "ROLE_viewer", "MUNICIPALITY_9318");
        assertThat(restrictor.isOperationAllowed(rethymno, "list")).isTrue();
        assertThat(restrictor.isOperationAllowed(rethymno, "previewRetry")).isTrue();
        for (String move : List.of("retry", "retryMatching", "discard(long,java.lang.String)")) {
            assertThat(restrictor.isOperationAllowed(rethymno, move)).as(move).isFalse();
        }
    }

    @Test
    void aMunicipalitysAdminReachesOnlyItsOwnQueuesAndRoutesAndNothingThatCrossesMunicipalities() {
        signIn("kostas", "ROLE_admin", "MUNICIPALITY_9318");
        ObjectName ownQueue = name("org.apache.activemq.artemis:broker=\"syndesmos\",component=addresses,"
                + "address=\"dead-letter\",subcomponent=queues,routing-type=\"multicast\","
                + "queue=\"dead-letter.9318.diavgeia\"");
        ObjectName sharedAddress = name("org.apache.activemq.artemis:broker=\"syndesmos\",component=addresses,"
                + "address=\"dead-letter\"");
        ObjectName ownRoute = name("org.apache.camel:context=syndesmos,type=routes,"
                + "name=\"council-decisions.deliver.9318.diavgeia\"");
        ObjectName otherRoute = name("org.apache.camel:context=syndesmos,type=routes,"
                + "name=\"council-decisions.deliver.9305.diavgeia\"");
        ObjectName context = name("org.apache.camel:context=syndesmos,type=context,name=\"syndesmos\"");
        assertThat(restrictor.isObjectNameHidden(ownQueue)).isFalse();
        assertThat(restrictor.isObjectNameHidden(artemisQueue)).isTrue();
        assertThat(restrictor.isObjectNameHidden(sharedAddress)).isTrue();
        assertThat(restrictor.isOperationAllowed(ownQueue, "retryMessages()")).isTrue();
        assertThat(restrictor.isOperationAllowed(ownQueue, "countMessages")).isTrue();
        for (String crossing : List.of("removeMessages", "moveMessages", "copyMessage", "sendMessage",
                "sendMessagesToDeadLetterAddress", "removeAllMessages")) {
            assertThat(restrictor.isOperationAllowed(ownQueue, crossing)).as(crossing).isFalse();
        }
        assertThat(restrictor.isAttributeReadAllowed(ownQueue, "FirstMessageAsJSON")).isTrue();
        assertThat(restrictor.isOperationAllowed(ownRoute, "stop()")).isTrue();
        assertThat(restrictor.isObjectNameHidden(otherRoute)).isTrue();
        assertThat(restrictor.isObjectNameHidden(context)).as("attributes, for Hawtio's Camel view").isFalse();
        assertThat(restrictor.isOperationAllowed(context, "stop()")).isFalse();
        assertThat(restrictor.isOperationAllowed(sharedAddress, "countMessages()")).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(runtime, "SystemProperties")).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(runtime, "InputArguments")).isFalse();
        assertThat(restrictor.isOriginAllowed("https://evil.example", false)).as("no CORS answer").isFalse();
    }

    @Test
    void aMunicipalitysViewerSeesItsQueuesButNotTheirMessagesNorRunsAnything() {
        signIn("maria", "ROLE_viewer", "MUNICIPALITY_9305");
        assertThat(restrictor.isObjectNameHidden(artemisQueue)).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(artemisQueue, "MessageCount")).isTrue();
        assertThat(restrictor.isAttributeReadAllowed(artemisQueue, "FirstMessageAsJSON")).isFalse();
        assertThat(restrictor.isOperationAllowed(artemisQueue, "listMessages")).isFalse();
        assertThat(restrictor.isOperationAllowed(artemisQueue, "retryMessages")).isFalse();
    }

    @Test
    void anAdminMayDoEverythingNoRoleNeedsExcepted() {
        signIn("region", "ROLE_admin", "MUNICIPALITY_*");
        assertThat(restrictor.isObjectNameHidden(heraklion)).isFalse();
        assertThat(restrictor.isOperationAllowed(heraklion, "retry")).isTrue();
        assertThat(restrictor.isObjectNameHidden(artemisQueue)).isFalse();
        assertThat(restrictor.isObjectNameHidden(heapDump)).isTrue();
        assertThat(restrictor.isOperationAllowed(heapDump, "dumpHeap")).isFalse();
        assertThat(restrictor.isOperationAllowed(name("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram"))
                .isFalse();
        assertThat(restrictor.isAttributeWriteAllowed(runtime, "Verbose")).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.WRITE)).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.EXEC)).isTrue();
    }

    private static void signIn(String name, String... authorities) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name,
                null, java.util.Arrays.stream(authorities).map(SimpleGrantedAuthority::new).toList()));
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
