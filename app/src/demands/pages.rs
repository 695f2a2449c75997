//! The demand pages (filled below).
