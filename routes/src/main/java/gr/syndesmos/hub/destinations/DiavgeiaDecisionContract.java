package gr.syndesmos.hub.destinations;

import gr.syndesmos.schemas.councildecision.CouncilDecision;
import java.util.Set;

/**
 * {@code diavgeia-decision}: a council decision as the transparency portal's decision metadata (its type, the
 * municipality's organisation, unit and signer ids from {@code diavgeia.yml}), answered with the decision's ADA. The
 * portal takes a repeated call as a new decision, so a delivery whose answer was lost is looked up first.
 */
public final class DiavgeiaDecisionContract implements DestinationContract {

    @Override
    public String name() {
        return "diavgeia-decision";
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(CouncilDecision.RECORD_TYPE);
    }

    @Override
    public Set<String> municipalityNeeds() {
        return Set.of("diavgeiaOrganizationId");
    }

    @Override
    public boolean answersWithReference() {
        return true;
    }

    @Override
    public Destination connect(String name, DestinationContext context) {
        return new DiavgeiaDestination(name, context.clients().client(name),
                context.properties().destination(name).url(), new DiavgeiaMappers(context.properties()));
    }
}
