package gr.syndesmos.hub.sandbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Settings meant for the stand-ins only keep a hub without them from starting. */
class StandInsOffCheckTest {

    @Test
    void aMovedCalendarIsRefusedWithoutTheStandIns() {
        assertThatThrownBy(() -> new StandInsOffCheck(null, false, "2026-11-23T07:30:00Z").afterPropertiesSet())
                .hasMessageContaining("SYNDESMOS_CLOCK_START");
    }
}
