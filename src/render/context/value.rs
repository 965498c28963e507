//! A page's context as the template value templates read: each field becomes a value when a
//! template reads it, found by a `match` on its name, rather than every field serialized
//! beforehand into a map searched key by key. The values are those `Value::from_serialize`
//! gives (same kinds, same order of keys), which the tests below check.

use super::{Ctx, PageCtx};
use minijinja::value::{Enumerator, Object, Value};
use std::sync::{Arc, OnceLock};

impl Ctx {
    /// The context as a template value whose fields become values only when a template
    /// reads them (most pages read a few), the same values `Value::from_serialize` gives.
    pub fn into_value(self) -> Value {
        let root = Value::from(self.root);
        let page = Value::from_object(PageValue { page: self.page, built: Default::default() });
        Value::from_object(RootValue { site: self.site, lang: self.lang, t: self.t, root, page })
    }
}

/// [`Ctx`] as templates read it.
#[derive(Debug)]
struct RootValue {
    site: Value,
    lang: Value,
    t: Value,
    root: Value,
    page: Value,
}

impl Object for RootValue {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let value = match key {
            "site" => &self.site,
            "lang" => &self.lang,
            "t" => &self.t,
            "root" => &self.root,
            "page" => &self.page,
            _ => return None,
        };
        Some(value.clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&["site", "lang", "t", "root", "page"])
    }
}

/// [`PageCtx`] as templates read it: text becomes a value when read, a list or map on its
/// first read (one object per page, as `is sameas` expects).
#[derive(Debug)]
struct PageValue {
    page: PageCtx,
    built: [OnceLock<Value>; 8],
}

/// The fields of [`PageCtx`], in the order serde gives them.
const PAGE_FIELDS: &[&str] = &[
    "kind",
    "title",
    "description",
    "canonical",
    "alternates",
    "alternates_html",
    "breadcrumbs",
    "toc",
    "toc_html",
    "effective_date",
    "effective_date_iso",
    "content",
    "fallback",
    "translated_from",
    "translations",
    "translations_html",
    "pages",
    "sections",
    "redirect",
    "locales",
    "version",
    "history",
    "redline",
];

impl PageValue {
    /// Field `key` when it is text or already a value.
    fn plain(&self, key: &str) -> Option<Value> {
        let p = &self.page;
        let text = |t: &Option<String>| t.as_deref().map_or(Value::from(()), Value::from);
        Some(match key {
            "kind" => Value::from(p.kind),
            "title" => Value::from(p.title.as_str()),
            "description" => text(&p.description),
            "canonical" => text(&p.canonical),
            "alternates" => p.alternates.clone(),
            "alternates_html" => p.alternates_html.clone(),
            "toc" => p.toc.clone(),
            "toc_html" => p.toc_html.clone(),
            "effective_date" => text(&p.effective_date),
            "effective_date_iso" => text(&p.effective_date_iso),
            "content" => Value::from(p.content.as_str()),
            "translations" => p.translations.clone(),
            "translations_html" => p.translations_html.clone(),
            "redirect" => text(&p.redirect),
            "history" => p.history.clone().unwrap_or(Value::from(())),
            _ => return None,
        })
    }

    /// Field `key` when it is a list or a map, serialized on its first read.
    fn built(&self, key: &str) -> Option<Value> {
        let p = &self.page;
        let (i, build): (usize, &dyn Fn() -> Value) = match key {
            "breadcrumbs" => (0, &|| Value::from_serialize(&p.breadcrumbs)),
            "fallback" => (1, &|| Value::from_serialize(&p.fallback)),
            "translated_from" => (2, &|| Value::from_serialize(&p.translated_from)),
            "pages" => (3, &|| Value::from_serialize(&p.pages)),
            "sections" => (4, &|| Value::from_serialize(&p.sections)),
            "locales" => (5, &|| Value::from_serialize(&p.locales)),
            "version" => (6, &|| Value::from_serialize(&p.version)),
            "redline" => (7, &|| Value::from_serialize(&p.redline)),
            _ => return None,
        };
        Some(self.built[i].get_or_init(build).clone())
    }
}

impl Object for PageValue {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.plain(key).or_else(|| self.built(key))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(PAGE_FIELDS)
    }
}

/// Lists start empty (not undefined), so templates can take their `length` on any page.
impl Default for PageCtx {
    fn default() -> Self {
        let empty = || minijinja::Value::from(Vec::<minijinja::Value>::new());
        let no_html = || minijinja::Value::from_safe_string(String::new());
        PageCtx {
            kind: "",
            title: String::new(),
            description: None,
            canonical: None,
            alternates: empty(),
            alternates_html: no_html(),
            breadcrumbs: Vec::new(),
            toc: empty(),
            toc_html: no_html(),
            effective_date: None,
            effective_date_iso: None,
            content: String::new(),
            fallback: None,
            translated_from: None,
            translations: empty(),
            translations_html: no_html(),
            pages: Vec::new(),
            sections: Vec::new(),
            redirect: None,
            locales: Vec::new(),
            version: None,
            history: None,
            redline: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use minijinja::value::Value;

    fn full_page() -> PageCtx {
        let item = VersionItem {
            date: "6 May 2026".into(),
            date_iso: "2026-05-06".into(),
            role: "current",
            url: "en/a/versions/2026-05-06/index.html".into(),
            changes_url: Some("en/a/changes/2026-05-06/index.html".into()),
            summary: None,
            until: None,
            until_iso: None,
            previous: Some("1 May 2026".into()),
            previous_iso: Some("2026-05-01".into()),
        };
        let link = |t: &str| Link { title: t.into(), url: format!("en/{t}/index.html") };
        let listed =
            Listed { title: "T".into(), url: "u".into(), description: None, effective_date: None, weight: 1 };
        let lang = LangCtx { tag: "de".into(), name: "Deutsch".into(), dir: "ltr" };
        PageCtx {
            kind: "page",
            title: "A title longer than twenty-two bytes".into(),
            description: Some("<d>".into()),
            canonical: Some("https://x.example/en/a/".into()),
            breadcrumbs: vec![link("home"), link("a much longer breadcrumb title")],
            effective_date: Some("6 May".into()),
            content: BODY_MARKER.into(),
            fallback: Some(lang.clone()),
            translated_from: Some(lang),
            pages: vec![listed.clone()],
            sections: vec![SectionCtx {
                title: "S".into(),
                url: "s".into(),
                description: None,
                pages: vec![listed],
                weight: 0,
            }],
            locales: vec![Translation {
                tag: "en".into(),
                name: "English".into(),
                url: "en/index.html".into(),
            }],
            version: Some(item.clone()),
            history: Some(Value::from_serialize(&item)),
            redline: Some(RedlineCtx {
                from: item.clone(),
                to: item,
                comparable: true,
                unchanged: false,
                added: vec![ClauseLink { number: "1".into(), url: "u#clause-1".into(), was: None }],
                removed: vec![],
                changed: vec![],
            }),
            ..PageCtx::default()
        }
    }

    #[test]
    fn templates_read_a_context_as_they_read_its_serialized_form() {
        let mut env = minijinja::Environment::new();
        let probe = "{{ page|length }}{% for k, v in page|items %}{{ k }}={{ v }};{% endfor %}{{ page.nope is defined }}\
                     {{ page.breadcrumbs is sameas page.breadcrumbs }}{{ page }}{{ root }}{{ site }}";
        env.add_template("probe", probe).unwrap();
        for page in [full_page(), PageCtx::default()] {
            let t = Value::from_serialize(BTreeMap::from([("contents", "Contents")]));
            let site = Value::from_serialize(BTreeMap::from([("title", "S")]));
            let ctx = Ctx { site, lang: Value::from(()), t, root: "../".into(), page };
            let serialized = Value::from_serialize(&ctx);
            assert_eq!(format!("{serialized:?}"), format!("{:?}", ctx.clone().into_value()));
            let tpl = env.get_template("probe").unwrap();
            assert_eq!(tpl.render(&serialized).unwrap(), tpl.render(ctx.into_value()).unwrap());
        }
    }
}
