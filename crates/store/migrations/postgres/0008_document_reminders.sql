-- When the owner was told a document runs out soon (once per document).
ALTER TABLE documents ADD COLUMN reminded_at BIGINT;
