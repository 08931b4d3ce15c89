-- Inbox: every inbound event by (source, id). Written in the same transaction as its effect, so a
-- redelivered or replayed event finds its row and changes nothing. Parked events wait here for
-- the process to reach the matching wait state.
create table inbox_event (
    source       varchar(100) not null,
    id           varchar(200) not null,
    type         varchar(60)  not null,
    subject      varchar(200),
    topic        varchar(120) not null,
    kafka_partition integer   not null,
    kafka_offset bigint       not null,
    status       varchar(12)  not null check (status in ('APPLIED', 'PARKED', 'EXPIRED', 'DUPLICATE')),
    reason       text,
    payload      jsonb        not null,
    received_at  timestamptz  not null,
    applied_at   timestamptz,
    attempts     integer      not null default 0,
    primary key (source, id)
);
create index inbox_event_parked on inbox_event (received_at) where status = 'PARKED';

-- Indicator values reported by units, compared with the plan's targets.
create table indicator_reading (
    indicator_code varchar(32)    not null references target (code),
    period         varchar(10)    not null,
    unit_code      varchar(64)    not null references unit (code),
    value          numeric(18, 4) not null,
    on_track       boolean        not null,
    problem_key    varchar(20) references problem (key),
    reported_at    timestamptz    not null,
    primary key (indicator_code, period, unit_code, reported_at)
);
-- At most one open problem per indicator and period.
alter table problem add column indicator_code varchar(32) references target (code);
alter table problem add column indicator_period varchar(10);
create unique index problem_open_per_indicator on problem (indicator_code, indicator_period)
    where indicator_code is not null and stage not in ('CLOSED', 'REJECTED', 'MERGED');
