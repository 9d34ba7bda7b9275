-- Generated scale data (assess.scale), between steps 2 and 3: the values of the quarter's new
-- cells that their fingerprints cover (assess.fingerprint), one row per cell of scale_cells.
-- No parameters.
SELECT entry_id, general_branch, bonus, deduction, veto_reason, NULL::VARCHAR AS note
FROM scale_cells
ORDER BY entry_id;
