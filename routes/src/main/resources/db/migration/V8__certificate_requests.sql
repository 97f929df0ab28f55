-- The journal of certificate requests (flow certificate-requests): one row per caller and auditTransactionId, the
-- idempotency key. The answer given is kept to be replayed byte for byte to a repeat; a late answer is stored when it
-- comes. It holds what the certificate says (names, addresses): the API shows it masked to operators without
-- pii-view, and rows are deleted when keep_until has passed.
create table certificate_request (
    caller            varchar(64)  not null,
    transaction_id    varchar(64)  not null,
    request_id        varchar(26)  not null,
    municipality      varchar(8)   not null,
    operation         varchar(64)  not null,
    -- SHA-256 of the municipality, the operation and the normalised input record.
    fingerprint       varchar(64)  not null,
    audit_record      text         not null,
    -- ASKED (waiting), TAKEN (the legacy system took it; a late answer is awaited), ANSWERED, INVALID (the answer
    -- did not parse: 502), UNAVAILABLE (no question left open: asked afresh on a repeat).
    state             varchar(16)  not null,
    call_sequence_id  bigint       not null,
    http_status       integer,
    answer_body       text,
    received_at       timestamp    not null,
    late_until        timestamp,
    answered_at       timestamp,
    keep_until        timestamp    not null,
    primary key (caller, transaction_id)
);
create unique index certificate_request_by_request_id on certificate_request (request_id);
create index certificate_request_by_municipality on certificate_request (municipality, received_at);
create sequence certificate_call_sequence start with 1000001;
