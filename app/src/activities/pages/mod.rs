//! Activity pages: the public list and detail (browse, detail), the publish form (publish),
//! "my activities" (mine), the organiser's views (manage) and projects (projects).
pub mod browse;
pub mod detail;
pub mod manage;
pub mod mine;
pub mod projects;
pub mod publish;
pub mod widgets;
