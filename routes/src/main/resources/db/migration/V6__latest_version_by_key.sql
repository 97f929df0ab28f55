-- The newest published version of each record, read by its key: ingest asks for it for every record of a batch,
-- and finding it among all stored versions grew slower as the store grew. Kept by the database's own upsert.
create table record_latest (
    record_type  varchar(64)   not null,
    record_id    varchar(128)  not null,
    version      timestamp with time zone not null,
    primary key (record_type, record_id)
);

insert into record_latest (record_type, record_id, version)
    select record_type, record_id, max(version) from record_version group by record_type, record_id;
