-- Two readings of one indicator, period and unit may be committed within the same millisecond
-- (one Kafka batch): a reading is identified by its own id, not by its time.
alter table indicator_reading drop constraint indicator_reading_pkey;
alter table indicator_reading add column id bigserial primary key;
create index indicator_reading_by_indicator on indicator_reading (indicator_code, period, reported_at);
