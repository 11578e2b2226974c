-- A document is replaced by a newer version or removed, never deleted: its
-- row and its file stay, so its history is kept and a site that already read
-- it still sees what it read. Only current documents (neither replaced nor
-- removed) count for applications and reminders.
ALTER TABLE documents ADD COLUMN replaces_id BIGINT REFERENCES documents (id);
ALTER TABLE documents ADD COLUMN replaced_at BIGINT;
ALTER TABLE documents ADD COLUMN removed_at BIGINT;

-- Which document a site has read through which application: through that
-- application, while its file is open, the site keeps seeing what it read.
CREATE TABLE document_reads (
    document_id BIGINT NOT NULL REFERENCES documents (id),
    application_id BIGINT NOT NULL REFERENCES applications (id),
    first_read_at BIGINT NOT NULL,
    PRIMARY KEY (application_id, document_id)
);
