package gr.syndesmos.hub.sensorreadings;

import gr.syndesmos.hub.broker.BrokerTopology;
import gr.syndesmos.hub.councildecisions.RegionalDestination;
import gr.syndesmos.hub.deadletters.DeadLetters;
import gr.syndesmos.hub.deadletters.DeliveryFailedException;
import gr.syndesmos.hub.monitoring.HubMetrics;
import gr.syndesmos.hub.records.RecordTrail;
import gr.syndesmos.hub.state.StateStore;
import gr.syndesmos.schemas.CanonicalJson;
import gr.syndesmos.schemas.sensorreading.SensorReading;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one sensor-reading message to the regional platform, once per reading as far as the hub knows: a reading
 * already delivered is acknowledged without a call. The delivery is recorded before the message is acknowledged, so
 * a crash can only repeat the call whose answer was not yet recorded, with the same idempotency key.
 */
final class SensorReadingDelivery implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SensorReadingDelivery.class);

    private final RegionalDestination destination;
    private final StateStore state;
    private final RecordTrail trail;
    private final HubMetrics metrics;
    /** How many destinations the municipality sends this flow to: all of them delivered means "delivered". */
    private final int destinations;

    SensorReadingDelivery(RegionalDestination destination, StateStore state, RecordTrail trail, HubMetrics metrics,
            int destinations) {
        this.destination = destination;
        this.state = state;
        this.trail = trail;
        this.metrics = metrics;
        this.destinations = destinations;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        var in = exchange.getIn();
        SensorReading reading = CanonicalJson.mapper().readValue(in.getBody(String.class), SensorReading.class);
        String municipality = reading.municipality().code();
        OffsetDateTime version = reading.version();
        StateStore.DeliveryKey key = new StateStore.DeliveryKey(SensorReading.RECORD_TYPE, reading.id(), version,
                destination.name(), municipality);

        if (state.deliveryStatus(key.recordType(), key.recordId(), version, key.destination())
                .filter("delivered"::equals).isPresent()) {
            LOG.info("{} already delivered to {}: acknowledged without a call", reading.id(), destination.name());
            return;
        }
        String idempotencyKey = in.getHeader(BrokerTopology.IDEMPOTENCY_KEY, String.class);
        if (idempotencyKey == null) {
            idempotencyKey = SensorReadingIngest.idempotencyKey(municipality, reading.id(), version);
        }
        try {
            destination.deliverRecord(reading, idempotencyKey);
        } catch (DeliveryFailedException failure) {
            OffsetDateTime first = state.deliveryFailed(key, "failed", failure.getMessage());
            in.setHeader(DeadLetters.FIRST_FAILED_AT_HEADER, first == null ? null : first.toString());
            throw failure;
        }
        state.delivered(key, null, null);
        int delivered = state.deliveredCount(key.recordType(), key.recordId(), version);
        trail.step(new RecordTrail.Step(municipality, key.recordType(), key.recordId(), version, "delivered",
                destination.name(), null, "accepted", delivered >= destinations ? "delivered" : "delivering"));
        Long pickedUpAt = in.getHeader(BrokerTopology.PICKED_UP_AT, Long.class);
        metrics.delivered(municipality, SensorReadingIngest.FLOW, destination.name(), pickedUpAt == null ? null
                : Duration.ofMillis(System.currentTimeMillis() - pickedUpAt));
        LOG.info("{} delivered to {}", reading.id(), destination.name());
    }
}
