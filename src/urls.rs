//! Every internal address, built from the site's base URL.

/// Builds page and asset URLs under one base.
#[derive(Debug, Clone)]
pub struct Urls {
    /// Ends with `/`.
    base: String,
    /// Pages opened from disk need their `index.html` spelled out.
    from_disk: bool,
}

impl Urls {
    pub fn new(base_url: &str) -> Self {
        Urls {
            base: base_url.to_string(),
            from_disk: base_url.starts_with("file://"),
        }
    }

    /// The base URL itself, ending in `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The URL of a page whose folder is `path` (`""` for home, `"actors/x/"`).
    pub fn page(&self, path: &str) -> String {
        if self.from_disk {
            format!("{}{path}index.html", self.base)
        } else {
            format!("{}{path}", self.base)
        }
    }

    /// The URL of a file such as `style.css`.
    pub fn file(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// The folder of each kind of page, relative to the site root.
pub fn article_path(slug: &str) -> String {
    format!("articles/{slug}/")
}

pub fn actor_path(slug: &str) -> String {
    format!("actors/{slug}/")
}

pub fn topic_path(slug: &str) -> String {
    format!("topics/{slug}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_live_under_the_base() {
        let urls = Urls::new("https://example.org/brief/");
        assert_eq!(
            urls.page(&actor_path("nato")),
            "https://example.org/brief/actors/nato/"
        );
        assert_eq!(
            urls.file("style.css"),
            "https://example.org/brief/style.css"
        );
    }

    #[test]
    fn pages_on_disk_name_their_index() {
        let urls = Urls::new("file:///tmp/site/");
        assert_eq!(urls.page(""), "file:///tmp/site/index.html");
    }
}
