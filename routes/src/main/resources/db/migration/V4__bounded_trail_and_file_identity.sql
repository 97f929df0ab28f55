-- The same event of the same record from the same file (a row dropped again, an export repeating one row a million
-- times) is counted on one row, not stored again: the trail stays small whatever a file holds.
alter table record_event add column repeats integer default 1 not null;
alter table record_event add column last_at timestamp with time zone;

-- What a file was when it was taken (size and last change): the same name, size and time is the same file. A file
-- whose reading was cut short twice (the hub stopped or crashed while reading it) is not read a third time.
alter table received_file add column file_size bigint;
alter table received_file add column file_modified timestamp with time zone;
create index received_file_identity on received_file (municipality, flow, file_name);
