package gr.syndesmos.hub.destinations;

import gr.syndesmos.hub.settings.HubProperties;

/** What a contract connects with: the hub's settings and its one HTTP client per destination. */
public record DestinationContext(HubProperties properties, DestinationClients clients) {
}
