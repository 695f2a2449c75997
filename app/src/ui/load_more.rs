//! "Load more" under a list whose query lives in the address.
//!
//! With JavaScript, a button appends the next page in place; before the WASM has arrived (and
//! without JavaScript) the same place holds a link to the next page's address, so every page
//! can still be reached. Use: keep a [`MorePages`] beside the list's first-page resource, merge
//! with [`MorePages::with_first`] when rendering, and put a [`LoadMore`] under the list while
//! there is a next cursor.
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::error_text;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use std::future::Future;

/// The items appended so far: the query they answer, the items, and the cursor of the next page.
type Appended<Q, T, C> = (Q, Vec<T>, Option<C>);

/// The pages appended after the first, remembered with the query they belong to, so a page that
/// arrives after the search changed is dropped instead of mixed into the new results.
pub struct MorePages<Q, T, C>
where
    Q: Send + Sync + 'static,
    T: Send + Sync + 'static,
    C: Send + Sync + 'static,
{
    pages: RwSignal<Option<Appended<Q, T, C>>>,
    error: RwSignal<Option<String>>,
    loading: RwSignal<bool>,
    i18n: I18nContext<Locale>,
}

impl<Q, T, C> Clone for MorePages<Q, T, C>
where
    Q: Send + Sync + 'static,
    T: Send + Sync + 'static,
    C: Send + Sync + 'static,
{
    fn clone(&self) -> Self {
        *self
    }
}

impl<Q, T, C> Copy for MorePages<Q, T, C>
where
    Q: Send + Sync + 'static,
    T: Send + Sync + 'static,
    C: Send + Sync + 'static,
{
}

impl<Q, T, C> MorePages<Q, T, C>
where
    Q: PartialEq + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    C: Clone + Send + Sync + 'static,
{
    /// Call inside a component (it reads the language for error messages).
    pub fn new() -> Self {
        MorePages {
            pages: RwSignal::new(None),
            error: RwSignal::new(None),
            loading: RwSignal::new(false),
            i18n: use_i18n(),
        }
    }

    /// The first page's items followed by those loaded for the same `query`, and the cursor of
    /// the page after the last one shown.
    pub fn with_first(&self, query: &Q, mut first: Vec<T>, first_next: Option<C>) -> (Vec<T>, Option<C>) {
        match self.pages.get() {
            Some((q, items, next)) if &q == query => {
                first.extend(items);
                (first, next)
            }
            _ => (first, first_next),
        }
    }

    /// Fetches a further page of `query` and appends it. Runs in the browser only (a click).
    pub fn load(&self, query: Q, fetch: impl Future<Output = Result<(Vec<T>, Option<C>), AppError>> + 'static) {
        let this = *self;
        this.loading.set(true);
        this.error.set(None);
        leptos::task::spawn_local(async move {
            match fetch.await {
                Ok((page, next)) => this.pages.update(|m| {
                    let mut items = match m.take() {
                        Some((q, items, _)) if q == query => items,
                        _ => Vec::new(),
                    };
                    items.extend(page);
                    *m = Some((query, items, next));
                }),
                Err(e) => this.error.set(Some(error_text(this.i18n, &e))),
            }
            this.loading.set(false);
        });
    }
}

impl<Q, T, C> Default for MorePages<Q, T, C>
where
    Q: PartialEq + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    C: Clone + Send + Sync + 'static,
{
    fn default() -> Self {
        Self::new()
    }
}

/// The control under the list: a link to `href` until the page is interactive, then a button
/// that runs `on_load`; a failed load shows its message below.
#[component]
pub fn LoadMore<Q, T, C>(
    pages: MorePages<Q, T, C>,
    /// The next page's address (the same query with the next cursor).
    href: String,
    on_load: Callback<()>,
    label: Signal<String>,
    loading_label: Signal<String>,
    next_label: Signal<String>,
) -> impl IntoView
where
    Q: PartialEq + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    C: Clone + Send + Sync + 'static,
{
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let loading = pages.loading;
    view! {
        <p class="load-more">
            {move || {
                if hydrated.get() {
                    view! {
                        <button
                            type="button"
                            class="button block"
                            disabled=move || loading.get()
                            on:click=move |_| on_load.run(())
                        >
                            {move || if loading.get() { loading_label.get() } else { label.get() }}
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <a class="button block" href=href.clone()>
                            {move || next_label.get()}
                        </a>
                    }
                        .into_any()
                }
            }}
        </p>
        {move || {
            pages
                .error
                .get()
                .map(|e| {
                    view! {
                        <p class="banner banner-error" role="alert">
                            {e}
                        </p>
                    }
                })
        }}
    }
}
