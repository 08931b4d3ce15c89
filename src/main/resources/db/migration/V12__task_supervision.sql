-- 督办 — staged supervision of every open user task (issue 13, docs/adr/0008-supervision.md).
-- Owned by org.bihuan.supervision. The timers themselves are BPMN (process task-supervision); these
-- rows are the read model that the problem view and the listing filter ("light") read.

-- 挂牌督办: when the leading group listed the problem (a task of it still open N working days after
-- its limit). Stays set once listed: the listing is part of the problem's record.
alter table problem add column listed_at timestamptz;

-- One row per open, supervised user task; deleted when the task completes or is deleted.
-- The light is computed from warn_at/due_at against the clock (green before warn_at, yellow until
-- due_at, red after), the same instants the BPMN timers fire at.
create table task_supervision (
    task_id       varchar(64) primary key,
    problem_key   text        not null,
    task_name     text,
    activity_id   text        not null,
    created_at    timestamptz not null,
    warn_at       timestamptz not null,
    due_at        timestamptz not null,
    list_at       timestamptz not null,
    reminded_at   timestamptz,
    supervised_at timestamptz,
    listed_at     timestamptz
);

create index task_supervision_by_problem on task_supervision (problem_key, due_at);
