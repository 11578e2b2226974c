-- A site's contact details, for its letterhead on the letters it issues
-- (the B-1 invitation letter first): street address, ZIP code, phone and
-- the clinical education office's email. Empty when not given.
ALTER TABLE sites ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN email TEXT NOT NULL DEFAULT '';
