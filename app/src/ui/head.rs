//! The page's `<title>` and meta description.
//!
//! leptos_meta writes the `<head>` after the body has rendered, by calling the title's closure
//! once more. Under load that late read of a reactive value (the language signal, a page's
//! resource) now and then found it disposed and the request panicked (issue 14: 12 in about
//! 100,000 requests). On the server the text is therefore worked out once, while the page renders,
//! and handed over as a plain string; in the browser it stays reactive so the language switch
//! retitles the page.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// `<Title>` whose text is read once on the server (see the module comment).
#[component]
pub fn PageTitle<F>(text: F) -> impl IntoView
where
    F: Fn() -> String + Send + Sync + 'static,
{
    #[cfg(feature = "ssr")]
    let text = untrack(text);
    view! { <Title text /> }
}

/// `<meta name="description">`, read once on the server like [`PageTitle`].
#[component]
pub fn PageDescription<F>(text: F) -> impl IntoView
where
    F: Fn() -> String + Send + Sync + 'static,
{
    #[cfg(feature = "ssr")]
    let text = untrack(text);
    view! { <Meta name="description" content=text /> }
}
