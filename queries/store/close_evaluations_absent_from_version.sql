-- Close every current evaluation score not visible as of version $target (a rollback to
-- $target, written as version $version). Parameters: $target, $version.
UPDATE evaluations
SET valid_to = $version
WHERE valid_to IS NULL
    AND NOT (visible_in(valid_from, valid_to, $target));
