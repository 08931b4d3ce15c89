-- 签收/退回, 挂账, 回访, 回头看 (issue 13). Owned by org.bihuan.problem (Assignments, FollowUps).
-- Who signed for or returned an assignment, and when, is in bihuan.lifecycle_event
-- (UNIT_SIGNED, ASSIGNMENT_RETURNED with actor and occurred_at); reasons and answers in problem_note.

-- Reopened after closure (回访 不满意 or a failed 回头看): counted apart from verification rework.
alter table problem add column reopen_count integer not null default 0;

-- 挂账: why the problem waits and when the working group looks at it again (null when not on the ledger).
alter table problem add column ledger_reason text;
alter table problem add column ledger_review_on date;
