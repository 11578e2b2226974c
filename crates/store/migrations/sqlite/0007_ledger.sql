-- Money on applications: entries are only added. A provider's event id (or
-- the system's key) is unique, so a replayed webhook is recorded once.
CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL CHECK (kind IN ('charge', 'payment', 'refund_due', 'refund')),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    description TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('site', 'provider', 'system')),
    external_id TEXT UNIQUE,
    recorded_by INTEGER REFERENCES users (id),
    at BIGINT NOT NULL
);
CREATE INDEX ledger_by_application ON ledger_entries (application_id, id);
