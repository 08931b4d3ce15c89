-- History at scale (issue 5: 1,000,000 closed problems; measurements and plans in docs/benchmarks.md).

-- Duplicate detection on every filing looked for the title among all problems of the history with
-- a sequential scan; only open problems can be duplicates, so the index holds only those.
create index problem_open_by_title on problem (lower(btrim(title)), action_number, task_number)
    where stage not in ('CLOSED', 'REJECTED', 'MERGED');

-- Visibility of a problem to the analysis group (tf-NN or a unit): one of the index scans the
-- limited-scope count is made of (ProblemRepository.countVisible); there was no index at all.
create index problem_by_analysis_group on problem (analysis_group, created_at desc);

-- The responsible-unit branch of that count reads keys only from the index (index-only scan).
create index problem_unit_by_unit_key on problem_unit (unit_code, problem_key);
drop index problem_unit_by_unit;
