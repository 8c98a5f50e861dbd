//! Template filters the default templates need beyond Tera's own.

use std::fmt::Write;

use chrono::DateTime;
use chrono::format::StrftimeItems;
use tera::{Kwargs, State, Tera, TeraResult};

pub fn register(tera: &mut Tera) {
    tera.register_filter("date", date);
}

/// `{{ when | date(format="%-d %B %Y") }}`: formats an RFC 3339 timestamp with chrono.
fn date(value: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let format = kwargs.get::<&str>("format")?.unwrap_or("%Y-%m-%d");
    format_date(value, format).map_err(tera::Error::message)
}

pub fn format_date(value: &str, format: &str) -> Result<String, String> {
    let when = DateTime::parse_from_rfc3339(value)
        .map_err(|_| format!("date filter: `{value}` is not an RFC 3339 timestamp"))?;
    let items = StrftimeItems::new(format)
        .parse()
        .map_err(|_| format!("date filter: `{format}` is not a valid strftime format"))?;
    let mut out = String::new();
    write!(out, "{}", when.format_with_items(items.iter()))
        .map_err(|_| format!("date filter: cannot format `{value}` with `{format}`"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        assert_eq!(
            format_date("2025-02-27T07:00:00+00:00", "%-d %B %Y").unwrap(),
            "27 February 2025"
        );
    }

    #[test]
    fn bad_formats_are_errors_not_panics() {
        assert!(format_date("2025-02-27T07:00:00+00:00", "%Q").is_err());
        assert!(format_date("yesterday", "%Y").is_err());
    }

    #[test]
    fn works_inside_templates() {
        let mut tera = Tera::new();
        register(&mut tera);
        tera.add_raw_template("t", r#"{{ d | date(format="%Y/%m") }}"#)
            .unwrap();
        let mut context = tera::Context::new();
        context.insert("d", "2025-02-27T07:00:00Z");
        assert_eq!(tera.render("t", &context).unwrap(), "2025/02");
    }
}
