-- The staged cells that are new or changed, with fresh entry ids: temp table written_entries.
-- Needs stage_upload and the new branches inserted. No parameters.
CREATE OR REPLACE TEMP TABLE written_entries AS
SELECT
    (SELECT coalesce(max(entry_id), 0) FROM entries)
        + row_number() OVER (ORDER BY s.quarter, s.committee, s.branch, s.category) AS entry_id,
    b.branch_id,
    s.*
FROM staged_entries AS s
JOIN staged_status AS st ON st.cell_id = s.cell_id
JOIN branches AS b ON b.committee = s.committee AND b.branch = s.branch
WHERE st.status <> 'unchanged';
