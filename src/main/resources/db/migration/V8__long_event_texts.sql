-- A problem filed by event keeps "<unit code>:<reference>" as its source reference (issue 9): a
-- unit code has up to 64 characters and the schema allows a reference of 200, so 200 did not hold
-- a valid event's (the filing failed as processing-failed). Widening a varchar rewrites nothing.
alter table problem alter column source_ref type varchar(265);

-- The note of an indicator reading (说明, up to 2,000 characters by the schema) was accepted and
-- then dropped: it is kept with the reading.
alter table indicator_reading add column note text;
