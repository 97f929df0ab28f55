package gr.syndesmos.hub.destinations;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The contracts on the class path, by name (see {@link DestinationContract}). */
public final class DestinationContracts {

    private static final Map<String, DestinationContract> CONTRACTS = load();

    private DestinationContracts() {
    }

    private static Map<String, DestinationContract> load() {
        Map<String, DestinationContract> contracts = new TreeMap<>();
        for (DestinationContract contract : ServiceLoader.load(DestinationContract.class,
                DestinationContract.class.getClassLoader())) {
            if (contracts.putIfAbsent(contract.name(), contract) != null) {
                throw new IllegalStateException("two destination contracts are named " + contract.name());
            }
        }
        return Map.copyOf(contracts);
    }

    public static Optional<DestinationContract> find(String name) {
        return Optional.ofNullable(name == null ? null : CONTRACTS.get(name));
    }

    /** Every contract's name, sorted. */
    public static java.util.List<String> names() {
        return CONTRACTS.keySet().stream().sorted().toList();
    }
}
