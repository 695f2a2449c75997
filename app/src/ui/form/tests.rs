use super::*;

fn errors(list: &[(&str, Invalid)]) -> FieldErrors {
    let mut e = FieldErrors::new();
    for (field, invalid) in list {
        e.push(field, *invalid);
    }
    e
}

/// A form of two text fields, `a` required and `b` at most 3 characters.
fn two_fields() -> (Form, Field<String>, Field<String>) {
    let form = Form::new();
    let a = form.text("a", "");
    let b = form.text("b", "");
    form.checked_by(move || {
        let mut e = FieldErrors::new();
        if a.value.with_untracked(|v| v.trim().is_empty()) {
            e.push("a", Invalid::Required);
        }
        if b.value.with_untracked(|v| v.chars().count() > 3) {
            e.push("b", Invalid::TooLong { max: 3 });
        }
        e
    });
    (form, a, b)
}

fn in_owner(test: impl FnOnce()) {
    let owner = Owner::new();
    owner.with(test);
}

#[test]
fn merge_shows_only_fields_already_shown_or_added() {
    let fresh = errors(&[("a", Invalid::Required), ("b", Invalid::Required)]);
    assert_eq!(merge(&FieldErrors::new(), fresh.clone(), None), FieldErrors::new());
    assert_eq!(merge(&FieldErrors::new(), fresh.clone(), Some("b")), errors(&[("b", Invalid::Required)]));
    let shown = errors(&[("a", Invalid::TooLong { max: 3 })]);
    assert_eq!(merge(&shown, fresh, None), errors(&[("a", Invalid::Required)]));
}

#[test]
fn merge_drops_a_fixed_message_but_keeps_what_only_the_server_knows() {
    let shown =
        errors(&[("title", Invalid::Required), ("ends_at", Invalid::InThePast), ("name", Invalid::OrgNameTaken)]);
    assert_eq!(
        merge(&shown, FieldErrors::new(), Some("title")),
        errors(&[("ends_at", Invalid::InThePast), ("name", Invalid::OrgNameTaken)])
    );
    // A browser message about the same field replaces the server's.
    let fresh = errors(&[("ends_at", Invalid::EndsBeforeStart)]);
    assert_eq!(
        merge(&shown, fresh, None),
        errors(&[("ends_at", Invalid::EndsBeforeStart), ("name", Invalid::OrgNameTaken)])
    );
}

#[test]
fn filled_means_something_typed_or_chosen() {
    assert!(!"  ".to_string().filled());
    assert!("x".to_string().filled());
    assert!(!Vec::<String>::new().filled());
    assert!(vec!["a".to_string()].filled());
}

#[test]
fn fields_are_named_once_each_in_form_order() {
    in_owner(|| {
        let (form, a, b) = two_fields();
        assert_eq!(form.names(), vec!["a", "b"]);
        assert_eq!((a.name(), b.name()), ("a", "b"));
    });
}

#[test]
fn leaving_an_empty_field_says_nothing_and_a_filled_wrong_one_says_why() {
    in_owner(|| {
        let (form, a, b) = two_fields();
        a.blurred();
        assert!(form.errors.get_untracked().is_empty());
        b.set("abcd".into());
        b.blurred();
        assert_eq!(form.errors.get_untracked(), errors(&[("b", Invalid::TooLong { max: 3 })]));
        // Fixed and left again: the message goes.
        b.set("abc".into());
        b.blurred();
        assert!(form.errors.get_untracked().is_empty());
    });
}

#[test]
fn a_choice_shows_its_message_even_when_emptied() {
    in_owner(|| {
        let (form, a, _) = two_fields();
        a.check();
        assert_eq!(form.errors.get_untracked(), errors(&[("a", Invalid::Required)]));
    });
}

#[test]
fn submit_refuses_with_every_message_and_a_count() {
    in_owner(|| {
        let (form, a, b) = two_fields();
        b.set("abcd".into());
        assert!(!form.submit());
        assert_eq!(
            form.errors.get_untracked(),
            errors(&[("a", Invalid::Required), ("b", Invalid::TooLong { max: 3 })])
        );
        assert_eq!(form.banner.get_untracked(), Some(Banner::Summary(2)));
        a.set("x".into());
        b.set("abc".into());
        assert!(form.submit());
        assert!(form.errors.get_untracked().is_empty());
        assert_eq!(form.banner.get_untracked(), None);
    });
}

#[test]
fn a_server_refusal_lands_under_its_field_and_stays_until_submit() {
    in_owner(|| {
        let (form, a, b) = two_fields();
        a.set("x".into());
        let refusal = AppError::field("a", Invalid::OrgNameTaken);
        form.refused(&refusal);
        assert_eq!(form.errors.get_untracked(), errors(&[("a", Invalid::OrgNameTaken)]));
        assert_eq!(form.banner.get_untracked(), Some(Banner::Refused(refusal)));
        b.blurred();
        a.blurred();
        assert_eq!(form.errors.get_untracked(), errors(&[("a", Invalid::OrgNameTaken)]));
        assert!(form.submit());
        assert!(form.errors.get_untracked().is_empty());
    });
}

#[test]
fn reveal_runs_before_errors_are_shown() {
    in_owner(|| {
        let (form, _, _) = two_fields();
        let seen = RwSignal::new(0usize);
        form.reveal_with(move |e| seen.set(e.0.len()));
        form.submit();
        assert_eq!(seen.get_untracked(), 1);
    });
}
