package gr.syndesmos.hub.sandbox.transfers;

import java.time.LocalDate;

/**
 * A person's entry in a stand-in municipal registry (δημοτολόγιο), whatever its storage: a PostgreSQL table
 * (Chania) or a fixed-width master file (Agios Nikolaos).
 *
 * @param status {@code ACTIVE}, {@code PENDING_OUT}, {@code TRANSFERRED_OUT}, {@code PENDING_IN}, {@code DELETED}
 * @param exchangeId the exchange that holds or moved the record
 */
public record RegistryRecord(String amka, String afm, String surname, String givenName, String fatherName,
        String motherName, LocalDate birthDate, String community, String share, String status, boolean obligation,
        boolean locked, String exchangeId) {

    RegistryRecord with(String newStatus, String newExchangeId) {
        return new RegistryRecord(amka, afm, surname, givenName, fatherName, motherName, birthDate, community, share,
                newStatus, obligation, locked, newExchangeId);
    }
}
