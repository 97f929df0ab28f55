-- Ingest asks for the newest version of 500 records at once: record_type = ? and record_id in (...). H2 looks an IN
-- list up in an index only on the index's first column, and the primary key starts with the record type, which
-- every row of a flow shares: without this index H2 read the whole table per batch (ingest fell from about 1,000 to
-- about 100 records/s with 400,000 records stored).
create index record_latest_by_id on record_latest (record_id);
