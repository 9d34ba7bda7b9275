-- Record data version $version. Parameters: $version, $user, $action ('upload' | 'rollback'),
-- $restored_version (NULL for uploads), $quarters (list), $written, $unchanged, $closed.
INSERT INTO versions (
    version, created_at, user_name, action, restored_version, quarters,
    entries_written, entries_unchanged, entries_closed
)
VALUES (
    $version, now()::TIMESTAMP, $user, $action, $restored_version, $quarters,
    $written, $unchanged, $closed
);
