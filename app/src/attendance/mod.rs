//! Attendance (F-30, F-35, F-36): check-in and check-out by rotating QR code, by position and by
//! staff; offline scans sent later; the anomaly review queue.
pub mod review;
