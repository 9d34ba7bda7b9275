-- Schema 1 → 2 (assess.db): store the recomputed fingerprints of the registered frame
-- migrated_fingerprints (entry_id, fingerprint), one update per entries row it names.
-- No parameters.
UPDATE entries AS e
SET fingerprint = CAST(m.fingerprint AS VARCHAR)
FROM migrated_fingerprints AS m
WHERE e.entry_id = m.entry_id;
