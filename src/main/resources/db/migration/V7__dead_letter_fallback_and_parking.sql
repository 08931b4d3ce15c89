-- A refused record that even its bare copy cannot be written to its dead-letter topic (larger than
-- the DLT's max.message.bytes): kept here instead so that its partition can move past it
-- (org.bihuan.events.DeadLetters). The value is kept when it is small enough to be applicable
-- (at most bihuan.events.max-event-bytes); an oversize value is never applicable, so only its size
-- and SHA-256 are kept.
create table dead_letter_fallback (
    topic           varchar(249) not null,
    kafka_partition integer      not null,
    kafka_offset    bigint       not null,
    reason          varchar(40)  not null,
    message         varchar(1000),
    record_key      text,
    value           text,
    value_bytes     integer      not null,
    value_sha256    char(64),
    header_names    text,
    failure         varchar(1000) not null,
    recorded_at     timestamptz  not null,
    primary key (topic, kafka_partition, kafka_offset)
);

-- Parking by applicability (org.bihuan.events.ParkedEvents): a parked event is tried again when
-- its problem's stage is no longer the one it was last tried at, when its process has started
-- waiting for its message since, or after the sweep interval. Parked events per source are bounded.
alter table inbox_event add column parked_stage varchar(24);
alter table inbox_event add column waits_for varchar(200);
alter table inbox_event add column tried_at timestamptz;
create index inbox_event_parked_subject on inbox_event (subject) where status = 'PARKED';
create index inbox_event_parked_source on inbox_event (source) where status = 'PARKED';
create index inbox_event_parked_tried on inbox_event ((coalesce(tried_at, received_at))) where status = 'PARKED';
