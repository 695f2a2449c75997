//! Certificates of service hours (F-34): the volunteer downloads a PDF for a period, an
//! organisation or one activity; anyone checks it at `/verify/{code}` (and through
//! `GET /api/v1/certificates/{code}`) without logging in. See `repo` for why the code cannot
//! be forged and how a later correction or a revocation shows.
pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod repo;

#[cfg(feature = "ssr")]
pub use pdf::{render_pdf, CertificateDoc};
