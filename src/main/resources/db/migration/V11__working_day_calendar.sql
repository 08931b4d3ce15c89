-- 工作日历 — the working-day calendar (issue 13): which years are loaded, from which notice, and the
-- days of each year that differ from an ordinary week. Owned by org.bihuan.calendar.

-- A loaded year. A year without a row here is counted with plain weekends (an explicit, logged
-- fallback), never guessed.
create table calendar_year (
    year      integer     primary key check (year between 1949 and 2200),
    source    text        not null,
    note      text,
    loaded_at timestamptz not null default now(),
    loaded_by text        not null
);

-- 节假日与调休: off_day true is a public holiday (休), off_day false an adjusted working day on a
-- weekend (调休上班). Days not listed follow the ordinary week.
create table calendar_day (
    day     date    primary key,
    year    integer not null references calendar_year (year) on delete cascade,
    name    text    not null,
    off_day boolean not null,
    constraint calendar_day_in_its_year check (extract(year from day) = year)
);

create index calendar_day_by_year on calendar_day (year);
