package gr.syndesmos.mappings;

/**
 * A valid canonical record that cannot be expressed in a destination's format, e.g. a signer without a Diavgeia
 * signer id. Permanent: retrying does not help until the mapping data is completed.
 */
public class UnmappableRecordException extends RuntimeException {

    public UnmappableRecordException(String message) {
        super(message);
    }
}
