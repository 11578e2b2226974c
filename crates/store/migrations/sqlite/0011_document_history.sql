-- A document is replaced by a newer version or removed, never deleted: its
-- row and its file stay, so its history is kept and a site that already read
-- it still sees what it read. Only current documents (neither replaced nor
-- removed) count for applications and reminders.
ALTER TABLE documents ADD COLUMN replaces_id BIGINT REFERENCES documents (id);
ALTER TABLE documents ADD COLUMN replaced_at BIGINT;
ALTER TABLE documents ADD COLUMN removed_at BIGINT;

-- Which site has read which document (through an application to it).
CREATE TABLE document_reads (
    document_id BIGINT NOT NULL REFERENCES documents (id),
    site_id BIGINT NOT NULL REFERENCES sites (id),
    first_read_at BIGINT NOT NULL,
    PRIMARY KEY (document_id, site_id)
);
