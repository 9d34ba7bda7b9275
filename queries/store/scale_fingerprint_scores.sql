-- Generated scale data (assess.scale), between steps 2 and 3: the scores of the quarter's new
-- cells as their fingerprints cover them (assess.fingerprint), one row per row of
-- scale_scores. No parameters.
SELECT entry_id, name AS indicator, dimension, full_mark, score
FROM scale_scores;
