-- The document vault: what each file is; the bytes live in file storage
-- under storage_key (a random name), never in a served folder.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    file_type TEXT NOT NULL CHECK (file_type IN ('pdf', 'png', 'jpg')),
    filename TEXT NOT NULL,
    size_bytes BIGINT NOT NULL CHECK (size_bytes > 0),
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    issued_on DATE,
    expires_on DATE,
    immunizations TEXT,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX documents_by_owner ON documents (owner_id, kind);
