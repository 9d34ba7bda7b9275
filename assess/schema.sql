-- The store. Schema version 3 (1 → 2: fingerprints recomputed by assess.fingerprint; 2 → 3: the
-- table `evaluations` added, empty; see assess/db.py).
--
-- Versioning: every accepted upload or rollback is a row of `versions`. A (branch, quarter,
-- category) cell is a row of `entries`, visible in the versions [valid_from, valid_to); an upload
-- that replaces a cell closes the old row (valid_to = new version) and inserts a new one, so
-- "as of version N" is `valid_from <= N AND (valid_to IS NULL OR valid_to > N)` and nothing is
-- ever deleted. Scores hang off their entry row.

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS versions (
    version INTEGER PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    user_name VARCHAR NOT NULL,
    action VARCHAR NOT NULL,              -- 'upload' | 'rollback'
    restored_version INTEGER,             -- rollback: the version made current again
    quarters VARCHAR[] NOT NULL,          -- quarters touched
    entries_written INTEGER NOT NULL,     -- cells written (new or changed)
    entries_unchanged INTEGER NOT NULL,   -- cells in the upload identical to the current data
    entries_closed INTEGER NOT NULL       -- cells removed without replacement (rollback)
);

CREATE TABLE IF NOT EXISTS version_files (
    version INTEGER NOT NULL,
    position INTEGER NOT NULL,            -- order within the upload, from 1
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    quarters VARCHAR[] NOT NULL,
    row_count INTEGER NOT NULL,           -- (branch, quarter, category) rows read from the file
    content BLOB NOT NULL,                -- the original file, byte for byte
    PRIMARY KEY (version, position)
);

CREATE TABLE IF NOT EXISTS branches (
    branch_id INTEGER PRIMARY KEY,
    committee VARCHAR NOT NULL,
    branch VARCHAR NOT NULL,
    UNIQUE (committee, branch)
);

CREATE TABLE IF NOT EXISTS indicators (
    indicator_id INTEGER PRIMARY KEY,
    category VARCHAR NOT NULL,            -- 'party' | 'business'
    name VARCHAR NOT NULL,
    description VARCHAR,                  -- from the 指标说明 sheet, latest upload wins
    UNIQUE (category, name)
);

CREATE TABLE IF NOT EXISTS entries (
    entry_id BIGINT NOT NULL,             -- unique; no index so bulk inserts stay fast
    branch_id INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,             -- 'YYYYQn'
    category VARCHAR NOT NULL,            -- 'party' | 'business'
    general_branch VARCHAR,               -- 总支, NULL when the branch has none
    bonus DOUBLE NOT NULL,                -- raw; the cap is applied when scoring
    deduction DOUBLE NOT NULL,
    veto_reason VARCHAR,                  -- NULL: no veto
    note VARCHAR,
    score_sum DOUBLE,                     -- Σ score over applicable indicators (NULL: none applies)
    mark_sum DOUBLE,                      -- Σ full mark over applicable indicators
    fingerprint VARCHAR NOT NULL,         -- 64-bit digest of every stored value: equal = unchanged
    valid_from INTEGER NOT NULL,
    valid_to INTEGER                      -- NULL: still current
);

CREATE TABLE IF NOT EXISTS entry_scores (
    entry_id BIGINT NOT NULL,
    indicator_id INTEGER NOT NULL,
    dimension VARCHAR,                    -- NULL: the indicator is its own dimension
    full_mark DOUBLE NOT NULL,
    score DOUBLE,                         -- NULL: not applicable (不适用)
    position INTEGER NOT NULL             -- column order in the sheet
);

-- The year-end evaluation (群众评价 / 民主测评, SPEC §3.16): one score E per branch and year,
-- versioned like `entries`: an upload that replaces a (branch, year) score closes the old row
-- (valid_to = new version) and inserts a new one; nothing is deleted.
CREATE TABLE IF NOT EXISTS evaluations (
    evaluation_id BIGINT NOT NULL,        -- unique
    branch_id INTEGER NOT NULL,
    year VARCHAR NOT NULL,                -- 'YYYY'
    general_branch VARCHAR,               -- 总支 as written in the sheet, NULL when none
    score DOUBLE NOT NULL,                -- E, 0–100
    valid_from INTEGER NOT NULL,
    valid_to INTEGER                      -- NULL: still current
);
