//! The public directory of organisations (F-12) and one organisation's page.
//!
//! The directory's filters live in the URL (`?q=&province=&city=&category=`), so a search is
//! rendered on the server, can be shared as a link and works as a plain GET form without
//! JavaScript. With JavaScript, "load more" appends the next page in place; without it, the same
//! control is a link to the next page.
//!
//! `list` is the directory page, `card` one organisation in a list, `org` one organisation's
//! page with its `join` panel, `picker` the search-and-choose field other forms embed.
mod card;
mod join;
mod list;
mod org;
mod picker;

pub use join::JoinProps;
pub use list::OrgsPage;
pub use org::OrgPage;
pub(crate) use picker::OrgPicker;
