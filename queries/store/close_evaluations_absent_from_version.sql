-- Close every current evaluation score not visible as of version $target (a rollback to
-- $target, written as version $version). Parameters: $target, $version.
UPDATE evaluations
SET valid_to = $version
WHERE valid_to IS NULL
    AND NOT (valid_from <= $target AND (valid_to IS NULL OR valid_to > $target));
