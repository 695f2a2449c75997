//! Uploaded images, for any domain that takes them (make-up photos, venue photos): the accepted
//! types told apart by their first bytes, their pixel size read from their headers, a multipart
//! form read with every part's size counted as it arrives, and the store of files under the
//! data directory, each named by a random id (never by the name it was uploaded under) and
//! readable by the server's user only (directory 0700, file 0600).
//!
//! A foundation: it knows nothing of the domains that use it.

/// The image formats accepted, told apart by their first bytes (never by the file's name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageType {
    Jpeg,
    Png,
    Webp,
}

impl ImageType {
    pub const ALL: [ImageType; 3] = [ImageType::Jpeg, ImageType::Png, ImageType::Webp];

    /// The type of an image by its signature: JPEG `FF D8 FF`, PNG `89 50 4E 47 0D 0A 1A 0A`,
    /// WebP `RIFF....WEBP`. Anything else (a PDF named `.jpg`, an SVG) is `None`.
    pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageType::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(ImageType::Png)
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageType::Webp)
        } else {
            None
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            ImageType::Jpeg => "image/jpeg",
            ImageType::Png => "image/png",
            ImageType::Webp => "image/webp",
        }
    }

    pub fn from_media_type(media: &str) -> Option<ImageType> {
        ImageType::ALL.into_iter().find(|t| t.media_type() == media)
    }

    /// Width and height in pixels, read from the image's header (`None` when the header is not
    /// where the format puts it). Reads at most the first few kilobytes of a JPEG's markers.
    pub fn dimensions(self, bytes: &[u8]) -> Option<(u32, u32)> {
        let size = match self {
            ImageType::Png => png_size(bytes),
            ImageType::Jpeg => jpeg_size(bytes),
            ImageType::Webp => webp_size(bytes),
        }?;
        (size.0 > 0 && size.1 > 0).then_some(size)
    }
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?])))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([*b.get(at)?, *b.get(at + 1)?, *b.get(at + 2)?, *b.get(at + 3)?]))
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?])))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes([*b.get(at)?, *b.get(at + 1)?, *b.get(at + 2)?, 0]))
}

/// PNG: the first chunk is `IHDR`, width and height big-endian at bytes 16 and 20.
fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    (b.get(12..16)? == b"IHDR").then_some(())?;
    Some((be32(b, 16)?, be32(b, 20)?))
}

/// JPEG: walk the markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    // A header block is far shorter; a file that needs more is not worth the reading.
    for _ in 0..256 {
        while *b.get(at)? == 0xFF && *b.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *b.get(at)? != 0xFF {
            return None;
        }
        let marker = *b.get(at + 1)?;
        match marker {
            0xD8 | 0x01 | 0xD0..=0xD7 => at += 2,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                return Some((be16(b, at + 7)?, be16(b, at + 5)?));
            }
            0xD9 | 0xDA => return None,
            _ => at += 2 + be16(b, at + 2)? as usize,
        }
    }
    None
}

/// WebP: the first chunk is `VP8 ` (lossy), `VP8L` (lossless) or `VP8X` (extended).
fn webp_size(b: &[u8]) -> Option<(u32, u32)> {
    match b.get(12..16)? {
        b"VP8 " => {
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
            (b.get(23..26)? == [0x9D, 0x01, 0x2A]).then_some(())?;
            Some((le16(b, 26)? & 0x3FFF, le16(b, 28)? & 0x3FFF))
        }
        b"VP8L" => {
            (*b.get(20)? == 0x2F).then_some(())?;
            let bits = u32::from_le_bytes([*b.get(21)?, *b.get(22)?, *b.get(23)?, *b.get(24)?]);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => Some((le24(b, 24)? + 1, le24(b, 27)? + 1)),
        _ => None,
    }
}

#[cfg(feature = "ssr")]
pub use ssr::*;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::error::AppError;
    use crate::validation::Invalid;
    use leptos::server_fn::codec::MultipartData;
    use std::path::{Path, PathBuf};

    const MIB: usize = 1024 * 1024;

    /// A multipart form read whole: each part's name and bytes, in the order sent.
    #[derive(Debug, Default)]
    pub struct Parts(Vec<(String, Vec<u8>)>);

    impl Parts {
        /// The last part of this name (a repeated field keeps its last value, as before).
        pub fn bytes(&self, name: &str) -> Option<&[u8]> {
            self.0.iter().rev().find(|(n, _)| n == name).map(|(_, b)| b.as_slice())
        }

        /// A text field, trimmed; empty when absent.
        pub fn text(&self, name: &str) -> String {
            self.bytes(name).map(|b| String::from_utf8_lossy(b).trim().to_owned()).unwrap_or_default()
        }

        /// Takes the bytes of the last part of this name out (an empty file part is a form
        /// sent without choosing a file: empty here too).
        pub fn take(&mut self, name: &str) -> Vec<u8> {
            self.0.iter_mut().rev().find(|(n, _)| n == name).map(|(_, b)| std::mem::take(b)).unwrap_or_default()
        }
    }

    /// Reads a multipart form, counting every part's size chunk by chunk, so a body sent
    /// without a length stops at the limit instead of being buffered first. The part named
    /// `file_field` may hold `max_file` bytes (beyond: `FileTooLarge` on that field, 413);
    /// every other part `max_field` bytes (beyond: `TooLong` on its field).
    pub async fn read_form(
        data: MultipartData,
        file_field: &str,
        max_file: usize,
        max_field: usize,
    ) -> Result<Parts, AppError> {
        let mut form = data.into_inner().ok_or_else(|| AppError::internal("multipart data missing"))?;
        let mut parts = Vec::new();
        while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or_default().to_owned();
            let max = if name == file_field { max_file } else { max_field };
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                if bytes.len() + chunk.len() > max {
                    return Err(if name == file_field {
                        let max_mb = u32::try_from(max_file / MIB).unwrap_or(u32::MAX);
                        AppError::field(&name, Invalid::FileTooLarge { max_mb })
                    } else {
                        AppError::field(&name, Invalid::TooLong { max: u32::try_from(max_field).unwrap_or(u32::MAX) })
                    });
                }
                bytes.extend_from_slice(&chunk);
            }
            parts.push((name, bytes));
        }
        Ok(Parts(parts))
    }

    /// A body that ends early or is not multipart is the sender's fault, never a fault here.
    fn unreadable(error: impl std::fmt::Display) -> AppError {
        AppError::Request(error.to_string())
    }

    /// Files under one folder of the data directory, named by [`FileStore::store`].
    #[derive(Clone, Copy, Debug)]
    pub struct FileStore {
        /// The folder under the data directory (`makeup`, `venue-photos`).
        pub folder: &'static str,
    }

    /// A stored name is 32 hex digits: anything else did not come from [`FileStore::store`].
    fn valid_name(name: &str) -> bool {
        name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit())
    }

    impl FileStore {
        pub const fn new(folder: &'static str) -> FileStore {
            FileStore { folder }
        }

        /// The path of a stored file; an error for any name [`Self::store`] did not make.
        pub fn path_of(self, files_dir: &Path, name: &str) -> Result<PathBuf, AppError> {
            if !valid_name(name) {
                return Err(AppError::internal(format!("unexpected stored file name {name:?}")));
            }
            Ok(files_dir.join(self.folder).join(name))
        }

        /// Writes `bytes` to a new private file and returns its name (what the record keeps).
        pub async fn store(self, files_dir: &Path, bytes: Vec<u8>) -> Result<String, AppError> {
            let name = hex::encode(rand::random::<[u8; 16]>());
            let path = self.path_of(files_dir, &name)?;
            tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                use std::io::Write;
                if let Some(dir) = path.parent() {
                    let mut builder = std::fs::DirBuilder::new();
                    builder.recursive(true);
                    #[cfg(unix)]
                    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
                    builder.create(dir)?;
                }
                let mut options = std::fs::OpenOptions::new();
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.write(true).create_new(true).open(&path)?;
                file.write_all(&bytes)?;
                file.sync_all()
            })
            .await
            .map_err(AppError::internal)?
            .map_err(AppError::internal)?;
            Ok(name)
        }

        /// Removes a stored file whose record was never written (a refusal after storing).
        pub async fn discard(self, files_dir: &Path, name: &str) {
            if let Ok(path) = self.path_of(files_dir, name) {
                if let Err(e) = tokio::fs::remove_file(&path).await {
                    tracing::warn!(error = %e, folder = self.folder, "could not remove an unused stored file");
                }
            }
        }

        /// The bytes of a stored file.
        pub async fn read(self, files_dir: &Path, name: &str) -> Result<Vec<u8>, AppError> {
            tokio::fs::read(self.path_of(files_dir, name)?).await.map_err(AppError::internal)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn only_stored_names_make_paths() {
            let dir = Path::new("/data");
            let store = FileStore::new("makeup");
            assert_eq!(
                store.path_of(dir, "0123456789abcdef0123456789abcdef").ok(),
                Some(PathBuf::from("/data/makeup/0123456789abcdef0123456789abcdef"))
            );
            assert!(store.path_of(dir, "../secret.key").is_err());
            assert!(store.path_of(dir, "").is_err());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_told_apart_by_their_bytes_not_their_names() {
        assert_eq!(ImageType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(ImageType::Jpeg));
        assert_eq!(ImageType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(ImageType::Png));
        assert_eq!(ImageType::sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(ImageType::Webp));
        assert_eq!(ImageType::sniff(b"%PDF-1.7\n"), None);
        assert_eq!(ImageType::sniff(b"RIFF\x10\0\0\0WAVEfmt "), None);
        assert_eq!(ImageType::sniff(b""), None);
        assert_eq!(ImageType::sniff(b"<svg xmlns="), None);
        for t in ImageType::ALL {
            assert_eq!(ImageType::from_media_type(t.media_type()), Some(t));
        }
    }

    #[test]
    fn sizes_are_read_from_each_formats_header() {
        // A 3×2 PNG header.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&3u32.to_be_bytes());
        png.extend_from_slice(&2u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        assert_eq!(ImageType::Png.dimensions(&png), Some((3, 2)));
        // A JPEG: SOI, an APP0 segment of 16 bytes, then SOF0 with height 480 and width 640.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        jpeg.extend_from_slice(&[0; 14]);
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03]);
        assert_eq!(ImageType::Jpeg.dimensions(&jpeg), Some((640, 480)));
        // WebP, lossy (VP8), lossless (VP8L) and extended (VP8X).
        let mut vp8 = b"RIFF\0\0\0\0WEBPVP8 \0\0\0\0".to_vec();
        vp8.extend_from_slice(&[0, 0, 0, 0x9D, 0x01, 0x2A]);
        vp8.extend_from_slice(&400u16.to_le_bytes());
        vp8.extend_from_slice(&300u16.to_le_bytes());
        assert_eq!(ImageType::Webp.dimensions(&vp8), Some((400, 300)));
        let mut vp8l = b"RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2F".to_vec();
        let bits: u32 = (100 - 1) | ((50 - 1) << 14);
        vp8l.extend_from_slice(&bits.to_le_bytes());
        assert_eq!(ImageType::Webp.dimensions(&vp8l), Some((100, 50)));
        let mut vp8x = b"RIFF\0\0\0\0WEBPVP8X\0\0\0\0\0\0\0\0".to_vec();
        vp8x.extend_from_slice(&[0x1F, 0x03, 0x00, 0xDF, 0x01, 0x00]);
        assert_eq!(ImageType::Webp.dimensions(&vp8x), Some((800, 480)));
        // Headers cut short or wrong read as unknown, never as a panic.
        assert_eq!(ImageType::Png.dimensions(&png[..18]), None);
        assert_eq!(ImageType::Jpeg.dimensions(&[0xFF, 0xD8, 0xFF]), None);
        assert_eq!(ImageType::Jpeg.dimensions(&[0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF]), None);
        assert_eq!(ImageType::Webp.dimensions(b"RIFF\0\0\0\0WEBPVP8 "), None);
    }
}
