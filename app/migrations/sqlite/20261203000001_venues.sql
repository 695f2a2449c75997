-- Venues (F-40, CVST 5 §4): the places and platforms where S&T volunteer service happens, each
-- kept up by a managing organisation. Coordinates are WGS-84 microdegrees (what browsers report);
-- a map provider that needs GCJ-02 gets them shifted at the edge. Online platforms and hotlines
-- have no coordinates. Never deleted: a venue that closes is retired (retired_at set) and drops
-- out of the public lists and the map, while activities that were held there keep pointing at it.
CREATE TABLE venues (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organisations(id),
    -- one code of app/src/venues/model.rs VENUE_KIND (CVST 5 §4 a–e)
    kind            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    province        TEXT    NOT NULL,
    city            TEXT    NOT NULL,
    county          TEXT    NOT NULL,
    address         TEXT    NOT NULL DEFAULT '',
    lat_e6          INTEGER,
    lng_e6          INTEGER,
    online_link     TEXT    NOT NULL DEFAULT '',
    facilities      TEXT    NOT NULL DEFAULT '',
    opening_hours   TEXT    NOT NULL DEFAULT '',
    contact_name    TEXT    NOT NULL DEFAULT '',
    contact_phone   TEXT    NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    retired_at      INTEGER
);
-- The map reads a box of one coordinate range; the console reads one organisation's venues.
CREATE INDEX venues_position ON venues (lat_e6, lng_e6);
CREATE INDEX venues_org ON venues (org_id, id);

-- An activity may be held at a venue.
ALTER TABLE activities ADD COLUMN venue_id INTEGER REFERENCES venues(id);
CREATE INDEX activities_venue ON activities (venue_id, starts_at);
-- The map reads upcoming published activities with coordinates inside a box.
CREATE INDEX activities_position ON activities (lat_e6, lng_e6);
