-- Bihuan's own tables (schema "bihuan"). Camunda keeps its own schema in "public".

-- 清单 — the plan as data: actions, tasks, units, targets.
create table plan (
    id            bigserial primary key,
    title         text        not null,
    target_year   integer,
    source_sha256 char(64)    not null,
    imported_at   timestamptz not null default now()
);

create table unit (
    code varchar(64)  primary key,
    name varchar(100) not null unique,
    kind varchar(20)  not null
);

create table action (
    number         integer primary key,
    title          text        not null,
    lead_unit_code varchar(64) not null references unit (code)
);

create table task (
    number        integer primary key,
    action_number integer not null references action (number),
    title         text    not null,
    text          text    not null
);

create table task_unit (
    task_number integer     not null references task (number),
    unit_code   varchar(64) not null references unit (code),
    role        varchar(12) not null check (role in ('LEAD', 'RESPONSIBLE')),
    position    integer     not null,
    primary key (task_number, unit_code)
);
create index task_unit_by_unit on task_unit (unit_code);

create table target (
    code            varchar(32) primary key,
    description     text          not null,
    unit_of_measure varchar(20)   not null,
    comparator      varchar(12)   not null,
    target_value    numeric(18, 4) not null,
    target_year     integer,
    line            integer       not null
);

-- 问题 — one row per problem; the process instance holds only ids and small values.
create sequence problem_number_seq;

create table problem (
    key                varchar(20)  primary key,
    title              varchar(200) not null,
    description        text         not null,
    action_number      integer references action (number),
    task_number        integer references task (number),
    reporter_unit_code varchar(64) references unit (code),
    reporter_user      varchar(64),
    source             varchar(16)  not null,
    source_ref         varchar(200),
    suggested_category varchar(24),
    category           varchar(24),
    stage              varchar(24)  not null,
    process_instance_id varchar(64),
    working_group      varchar(64),
    analysis_group     varchar(64),
    possible_duplicate_of varchar(20),
    merged_into        varchar(20) references problem (key),
    reject_reason      text,
    root_cause         text,
    measures           text,
    resolution_due     timestamptz,
    needs_policy       boolean,
    rework_count       integer      not null default 0,
    satisfaction       smallint check (satisfaction between 1 and 5),
    lessons            text,
    typical_case       boolean      not null default false,
    best_practice      boolean      not null default false,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null,
    closed_at          timestamptz
);
create unique index problem_by_source_ref on problem (source, source_ref) where source_ref is not null;
create index problem_by_stage on problem (stage, created_at desc);
create index problem_by_action on problem (action_number, created_at desc);
create index problem_by_task on problem (task_number, created_at desc);
create index problem_by_reporter on problem (reporter_unit_code, created_at desc);
create index problem_by_created on problem (created_at desc);

-- Units responsible for resolving a problem (set by analysis): one lead, any co-handlers.
create table problem_unit (
    problem_key varchar(20) not null references problem (key),
    unit_code   varchar(64) not null references unit (code),
    role        varchar(12) not null check (role in ('LEAD', 'CO')),
    primary key (problem_key, unit_code)
);
create index problem_unit_by_unit on problem_unit (unit_code);

-- Free-text notes that belong to a step: information requests and answers, review comments...
create table problem_note (
    id          bigserial primary key,
    problem_key varchar(20) not null references problem (key),
    kind        varchar(32) not null,
    text        text        not null,
    author      varchar(64),
    created_at  timestamptz not null
);
create index problem_note_by_problem on problem_note (problem_key, id);

-- 办理 — each unit's report of what it did, per round of resolution.
create table resolution_report (
    id            bigserial primary key,
    problem_key   varchar(20) not null references problem (key),
    round         integer     not null,
    unit_code     varchar(64) not null references unit (code),
    actions_taken text        not null,
    outcome       varchar(24) not null,
    reported_by   varchar(64),
    reported_at   timestamptz not null,
    unique (problem_key, round, unit_code)
);

-- 出台政策 — drafts and published policy records linked to their problem.
create sequence policy_number_seq;

create table policy (
    id                bigserial primary key,
    number            varchar(24) unique,
    problem_key       varchar(20)  not null references problem (key),
    title             varchar(200) not null,
    summary           text         not null,
    measure_scope     varchar(24)  not null,
    estimated_funding numeric(14, 2) not null,
    affects_public    boolean      not null,
    approval_level    varchar(24),
    status            varchar(16)  not null check (status in ('DRAFT', 'PUBLISHED')),
    created_at        timestamptz  not null,
    published_at      timestamptz
);
create index policy_by_problem on policy (problem_key);

-- Lifecycle of every problem, written in the same transaction as the engine change.
-- It feeds the read model now and is the transactional outbox of the events stage.
create table lifecycle_event (
    id           uuid         primary key,
    seq          bigserial    not null unique,
    problem_key  varchar(20)  not null references problem (key),
    type         varchar(40)  not null,
    stage        varchar(24)  not null,
    actor        varchar(64),
    occurred_at  timestamptz  not null,
    data         jsonb        not null default '{}'::jsonb,
    published_at timestamptz
);
create index lifecycle_event_by_problem on lifecycle_event (problem_key, seq);
create index lifecycle_event_unpublished on lifecycle_event (seq) where published_at is null;
