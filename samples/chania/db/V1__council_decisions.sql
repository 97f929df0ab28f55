-- Chania (9325): the council decisions table of the municipality's own application, as it stands in production.
-- PostgreSQL only (Chania runs PostgreSQL 15); timestamptz, numeric and "on conflict" are PostgreSQL dialect.
-- Flyway versioned migration: applied once, in order.

create schema if not exists chania;

create table if not exists chania.apofaseis (
    id                bigint primary key,                       -- the application's own id (legacy id)
    arithmos          integer not null,                         -- decision number within the year
    etos              integer not null,                         -- year
    synedriasi        integer,                                  -- meeting number
    im_synedriasis    date not null,                            -- meeting date = issue date
    thema_ar          integer,                                  -- agenda item
    thema             text not null,                            -- subject
    eidos             varchar(12) not null,                     -- kind of decision, code list in kind-codes.csv
    ypiresia          text,                                     -- issuing unit
    ypografontes      text,                                     -- signers, names separated by ';'
    poso              numeric(14,2),                            -- amount, null when none
    nomisma           char(3) not null default 'EUR',           -- currency of poso
    afm_dikaiouxou    varchar(9),                               -- beneficiary AFM, with its leading zeros
    onoma_dikaiouxou  text,                                     -- beneficiary name
    katastasi         varchar(12) not null
                      check (katastasi in ('ΟΡΙΣΤΙΚΗ', 'ΠΡΟΣΧΕΔΙΟ')),
    teleftaia_allagi  timestamptz not null,                     -- version of the row AND the hub's watermark
    unique (etos, arithmos)
);

comment on table chania.apofaseis is 'Council decisions (Δημοτικό Συμβούλιο Χανίων); read by the regional hub';
comment on column chania.apofaseis.teleftaia_allagi is 'set on every change; the hub reads rows changed after its watermark';

-- The hub polls "where (teleftaia_allagi, id) > (:watermark, :lastId) order by teleftaia_allagi, id".
create index if not exists apofaseis_teleftaia_allagi_id on chania.apofaseis (teleftaia_allagi, id);
