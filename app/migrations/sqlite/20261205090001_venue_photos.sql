-- Venue photos (F-40): up to eight JPEG, PNG or WebP photos per venue, added by staff of the
-- managing organisation's subtree and shown on the venue's public page. The file lives under
-- files_dir/venue-photos/, named by a random id (file_name); its type is the one sniffed from its
-- first bytes, its size the one read from its header (NULL when the header could not be read).
-- The caption is the photo's alt text; empty means the page derives one from the venue's name.
-- Never deleted: a photo taken down is retired (removed_at, removed_by) and its URL answers 404;
-- ids are never reused, so a photo's URL may be cached for good.
CREATE TABLE venue_photos (
    id          INTEGER PRIMARY KEY,
    venue_id    INTEGER NOT NULL REFERENCES venues(id),
    file_name   TEXT    NOT NULL,
    media_type  TEXT    NOT NULL,
    width       INTEGER,
    height      INTEGER,
    caption     TEXT    NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    removed_at  INTEGER,
    removed_by  INTEGER REFERENCES users(id)
);
-- A venue's page reads its photos in the order added.
CREATE INDEX venue_photos_venue ON venue_photos (venue_id, id);
