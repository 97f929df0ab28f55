-- Where each database-polling connector has read up to: the last row's watermark and key, saved only after the rows
-- before it were safely on the broker. Keyed by <municipality code>/<flow>, so one municipality never moves
-- another's watermark.
create table connector_watermark (
    name            varchar(200) primary key,
    watermark_value varchar(100) not null,
    watermark_key   varchar(200),
    updated_at      timestamp with time zone not null
);
