-- The evidence log: an append-only, hash-chained record of every exchange (certificate requests and answers,
-- deliveries of the publish flows, operators' retries and discards), one chain per municipality ('-' for what
-- belongs to none). Each entry carries the hash of the one before; "evidence verify" recomputes the chain and names
-- the first entry that was altered, removed or inserted. It keeps digests of messages, never their personal data.
create table evidence_entry (
    chain          varchar(8)    not null,
    seq            bigint        not null,
    -- epoch milliseconds: the same instant whatever the time zone of whoever reads it (the hash covers it)
    recorded_at    bigint        not null,
    kind           varchar(40)   not null,
    parties        varchar(200)  not null,
    exchange_id    varchar(100),
    digest         varchar(64)   not null,
    outcome        varchar(500)  not null,
    previous_hash  varchar(64)   not null,
    entry_hash     varchar(64)   not null,
    primary key (chain, seq)
);
create index evidence_entry_by_exchange on evidence_entry (exchange_id);
