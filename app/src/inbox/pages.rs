//! The inbox page (filled in below).
